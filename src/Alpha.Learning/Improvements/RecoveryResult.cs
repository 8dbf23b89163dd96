namespace Alpha.Learning.Improvements;

/// <summary>What <see cref="ImprovementExecutor.RecoverAsync"/> reconciled.</summary>
public sealed class RecoveryResult
{
    /// <summary>Gets how many improvements left in <c>applying</c> were found written and marked applied.</summary>
    public int Reconciled { get; init; }

    /// <summary>Gets how many improvements left in <c>applying</c> were found not written (or in conflict) and marked failed.</summary>
    public int Aborted { get; init; }

    /// <summary>Gets how many temporary files of interrupted writes were removed.</summary>
    public int TempFilesRemoved { get; init; }
}
