namespace Alpha.Learning.Loop;

/// <summary>How a cycle ended. Serialised as <c>completed</c>, <c>failed</c>, <c>skipped</c>.</summary>
public enum CycleStatus
{
    /// <summary><c>completed</c>: every step ran.</summary>
    Completed = 0,

    /// <summary><c>failed</c>: a step failed; <see cref="CycleReport.Reason"/> says which and why.</summary>
    Failed = 1,

    /// <summary><c>skipped</c>: the cycle did not run (another cycle held the lease).</summary>
    Skipped = 2,
}
