using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Improvements;

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes Alpha.Learning change the host's <c>appsettings.json</c> (or another JSON file) through <see cref="JsonConfigStore"/>.</summary>
public static class JsonConfigStoreBuilderExtensions
{
    /// <summary>
    /// Replaces the config store with a <see cref="JsonConfigStore"/> on the JSON file at <paramref name="path"/>. A
    /// <c>Config.Path</c> ending in <c>.json</c> in the options selects the same store without this call; this call
    /// wins over it.
    /// </summary>
    /// <param name="builder">The builder from <c>AddAlphaLearning</c>.</param>
    /// <param name="path">The JSON file, for example <c>appsettings.json</c> in the content root.</param>
    /// <param name="configure">Sets the other options (size and depth limits), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IAlphaLearningBuilder UseJsonConfigStore(this IAlphaLearningBuilder builder, string path, Action<JsonConfigStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        builder.Services.AddOptions<JsonConfigStoreOptions>().Configure(o =>
        {
            o.Path = path;
            configure?.Invoke(o);
        });
        // The options name the file too (validation, backups beside it), unless the host named one.
        builder.Services.Configure<AlphaLearningOptions>(o =>
        {
            if (string.IsNullOrWhiteSpace(o.Config.Path))
            {
                o.Config.Path = path;
            }
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IConfigStore>(sp =>
            new JsonConfigStore(sp.GetRequiredService<IOptions<JsonConfigStoreOptions>>().Value, sp.GetService<ILogger<JsonConfigStore>>())));
        return builder;
    }
}
