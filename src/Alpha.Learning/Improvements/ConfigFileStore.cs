using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Improvements;

/// <summary>
/// An <see cref="IConfigStore"/> backed by one file, with the apply protocol every format shares (SAFETY.md): a
/// size-capped read, a cheap pre-scan that refuses hostile input before any parse, each change spliced into the
/// original text and the result parsed again (exactly the planned paths differ), compare-and-swap on the file's
/// SHA-256, an atomic write that keeps the file's mode, no write through a symbolic link, and removal of orphan
/// temporary files after a crash. The formats are <see cref="YamlConfigStore"/> and <see cref="JsonConfigStore"/>.
/// </summary>
public abstract class ConfigFileStore : IConfigStore, IConfigFileLocation
{
    private readonly IConfigFileProtocol _protocol;

    private protected ConfigFileStore(IConfigFileProtocol protocol) => _protocol = protocol;

    /// <summary>Gets the full path of the file.</summary>
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
