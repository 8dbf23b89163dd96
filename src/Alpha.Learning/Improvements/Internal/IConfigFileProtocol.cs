using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>The apply protocol of a config file (<see cref="ConfigFileProtocol{TDocument}"/>), whatever its format, as <see cref="ConfigFileStore"/> uses it.</summary>
internal interface IConfigFileProtocol
{
    /// <summary>Gets the full path of the file.</summary>
    string Path { get; }

    ConfigSnapshot Read(CancellationToken cancellationToken);

    ConfigEditPlan Plan(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken);

    ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, CancellationToken cancellationToken);

    int Recover(CancellationToken cancellationToken);
}
