using Alpha.Learning.Improvements.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Improvements;

/// <summary>
/// The default <see cref="IConfigStore"/>: a YAML file edited surgically. Each change is spliced into the original
/// text, so comments, key order, quoting, line endings and a byte-order mark survive; new keys go at the end of
/// their block mapping with its indentation. The result is parsed again and checked before it is written, and
/// written atomically. Hostile files (too large, anchors or aliases, tags, too deep, duplicate keys) are refused
/// with a <see cref="ConfigStoreException"/> by a cheap pre-scan before any deep parse.
/// </summary>
/// <remarks>
/// Numbers are written in their shortest round-trip form (a double keeps a decimal point), so a rollback restores
/// the original bytes unless the original spelled a number unusually (for example <c>30.50</c> or <c>1e3</c>).
/// A symbolic link at <see cref="YamlConfigStoreOptions.Path"/> is refused for writes. Writes from one process
/// are serialised; across processes, the compare-and-swap on the version detects concurrent writers.
/// </remarks>
public sealed class YamlConfigStore : ConfigFileStore
{
    /// <summary>Initializes a new instance of the <see cref="YamlConfigStore"/> class.</summary>
    /// <param name="options">The options; <see cref="YamlConfigStoreOptions.Path"/> is required.</param>
    /// <param name="logger">The logger, if any.</param>
    public YamlConfigStore(YamlConfigStoreOptions options, ILogger<YamlConfigStore>? logger = null)
        : base(new ConfigFileProtocol<YamlModel>(ConfigFileSettings.From(options, nameof(YamlConfigStoreOptions)), new YamlConfigFormat(options.MaxDepth), logger))
    {
    }
}
