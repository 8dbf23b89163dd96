namespace Alpha.Learning.Improvements;

/// <summary>How <see cref="ImprovementExecutor.RollbackImprovementAsync(string, RollbackOptions?, CancellationToken)"/> rolls back an improvement.</summary>
public sealed class RollbackOptions
{
    /// <summary>
    /// Gets whether the old values are restored even over later changes of the same paths (by a person or another
    /// improvement); otherwise such a rollback is refused with a reason. The default value is <see langword="false"/>.
    /// </summary>
    public bool Force { get; init; }
}
