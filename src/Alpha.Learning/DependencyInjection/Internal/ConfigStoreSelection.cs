using Alpha.Learning.Improvements;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>The default config store, chosen by the file's extension: <c>.json</c> → <see cref="JsonConfigStore"/>, anything else → <see cref="YamlConfigStore"/>.</summary>
internal static class ConfigStoreSelection
{
    public static bool IsJson(string? path) => path is not null && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static IConfigStore Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<YamlConfigStoreOptions>>().Value;
        if (!IsJson(options.Path))
        {
            return new YamlConfigStore(options, services.GetService<ILogger<YamlConfigStore>>());
        }

        return new JsonConfigStore(
            new JsonConfigStoreOptions
            {
                Path = options.Path,
                MaxBytes = options.MaxBytes,
                MaxDepth = options.MaxDepth,
                MaxChangesPerPlan = options.MaxChangesPerPlan,
                AllowMissingFile = options.AllowMissingFile,
                WriteLockTimeout = options.WriteLockTimeout,
                ReplaceReadOnly = options.ReplaceReadOnly,
            },
            services.GetService<ILogger<JsonConfigStore>>());
    }
}
