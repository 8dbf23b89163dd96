using Alpha.Learning.DependencyInjection;
using Alpha.Learning.OpenTelemetry;

using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Connects Alpha.Learning to the host's OpenTelemetry tracing.
/// </summary>
public static class AlphaLearningBuilderOpenTelemetryExtensions
{
    /// <summary>
    /// Adds the Alpha.Learning exporter (<see cref="AlphaLearningTracerProviderBuilderExtensions.AddAlphaLearningExporter"/>)
    /// to the tracer provider the host builds with <c>services.AddOpenTelemetry().WithTracing(…)</c>. It takes effect
    /// only when the host builds one.
    /// </summary>
    /// <param name="builder">The Alpha.Learning builder.</param>
    /// <param name="configure">Sets the exporter's options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static IAlphaLearningBuilder AddOpenTelemetryExporter(this IAlphaLearningBuilder builder, Action<AlphaLearningExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAlphaLearningExporter(configure));
        return builder;
    }
}
