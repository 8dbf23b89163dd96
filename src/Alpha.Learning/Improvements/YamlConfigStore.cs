using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
public sealed class YamlConfigStore : IConfigStore, IConfigFileLocation
{
    private readonly ConfigFileProtocol<YamlModel> _protocol;

    /// <summary>Initializes a new instance of the <see cref="YamlConfigStore"/> class.</summary>
    /// <param name="options">The options; <see cref="YamlConfigStoreOptions.Path"/> is required.</param>
    /// <param name="logger">The logger, if any.</param>
    public YamlConfigStore(YamlConfigStoreOptions options, ILogger<YamlConfigStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, "options.MaxDepth");
        _protocol = new ConfigFileProtocol<YamlModel>(
            new ConfigFileSettings
            {
                OptionsName = nameof(YamlConfigStoreOptions),
                Path = options.Path,
                MaxBytes = options.MaxBytes,
                MaxChangesPerPlan = options.MaxChangesPerPlan,
                AllowMissingFile = options.AllowMissingFile,
                WriteLockTimeout = options.WriteLockTimeout,
                ReplaceReadOnly = options.ReplaceReadOnly,
            },
            new YamlConfigFormat(options.MaxDepth),
            logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>Gets the full path of the YAML file.</summary>
    public string Path => _protocol.Path;

    /// <inheritdoc/>
    public ValueTask<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_protocol.Read(cancellationToken));

    /// <inheritdoc/>
    public ValueTask<ConfigEditPlan> PlanAsync(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_protocol.Plan(changes, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, CancellationToken cancellationToken = default) =>
        _protocol.ApplyAsync(plan, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<int> RecoverAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_protocol.Recover(cancellationToken));
}
