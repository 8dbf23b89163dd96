using Alpha.Learning.OpenTelemetry;
using Alpha.Learning.OpenTelemetry.Internal;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenTelemetry.Trace;

/// <summary>
/// Adds the Alpha.Learning exporter to an OpenTelemetry tracer provider.
/// </summary>
public static class AlphaLearningTracerProviderBuilderExtensions
{
    /// <summary>
    /// Listens to the GenAI activity sources (<see cref="AlphaLearningExporterOptions.DefaultSources"/> and the host's
    /// own) and appends every finished <c>invoke_agent</c>, model call and tool call, as execution events, to the
    /// rotating JSON-lines log that Alpha.Learning analyses. The host's thread only maps the activity and queues the
    /// events; a background thread writes them. Nothing is ever thrown into the host: a write that fails (a full disk,
    /// an unwritable folder) is logged through the host's <see cref="ILoggerFactory"/> and counted.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddAlphaLearningExporter(this TracerProviderBuilder builder, Action<AlphaLearningExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new AlphaLearningExporterOptions();
        configure?.Invoke(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Log.Directory, nameof(options.Log.Directory));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Log.FilePrefix, nameof(options.Log.FilePrefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options.QueueCapacity));
        var sources = SourceFilter.Create(options.Sources);
        builder.AddSource([.. sources.Names]);
        return builder.AddProcessor(sp => new GenAiActivityProcessor(options, sources, sp.GetService<ILoggerFactory>()));
    }
}
