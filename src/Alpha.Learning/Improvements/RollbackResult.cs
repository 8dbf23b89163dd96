using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>The result of <see cref="ImprovementExecutor.RollbackImprovementAsync"/>.</summary>
public sealed class RollbackResult
{
    /// <summary>Gets whether the improvement is now rolled back.</summary>
    public required bool Success { get; init; }

    /// <summary>Gets one sentence for people saying what happened and why.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the improvement as stored after the call, or <see langword="null"/> when there is none with that id.</summary>
    public ImprovementRecord? Improvement { get; init; }

    /// <summary>Gets the changes written to undo it, with the old values as found. The default value is empty.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];
}
