namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>What <see cref="ChangeWriter.BackupAndWriteAsync"/> did.</summary>
internal sealed record WriteAttempt(string? Backup, ConfigWriteResult? Written)
{
    public static WriteAttempt Conflicted { get; } = new(null, null);

    public bool Conflict => Written is null;
}
