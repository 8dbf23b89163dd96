namespace Alpha.Learning.Improvements;

/// <summary>
/// Where an improvement is in its life. Serialised as the snake_case names (<c>pending</c>, <c>dry_run</c>, …).
/// </summary>
public enum ImprovementStatus
{
    /// <summary><c>pending</c>: recorded, not yet validated.</summary>
    Pending = 0,

    /// <summary><c>validating</c>: being checked against the guardrails.</summary>
    Validating = 1,

    /// <summary><c>applying</c>: reserved against the quota and being written to the configuration.</summary>
    Applying = 2,

    /// <summary><c>applied</c>: written to the configuration.</summary>
    Applied = 3,

    /// <summary><c>failed</c>: refused or failed; see <see cref="ImprovementRecord.Reason"/>.</summary>
    Failed = 4,

    /// <summary><c>dry_run</c>: planned only, nothing written.</summary>
    DryRun = 5,

    /// <summary><c>rolled_back</c>: applied, then reverted.</summary>
    RolledBack = 6,

    /// <summary><c>pending_approval</c>: waits for a person's approval.</summary>
    PendingApproval = 7,

    /// <summary><c>rejected</c>: a person refused it.</summary>
    Rejected = 8,

    /// <summary><c>expired</c>: waited for approval too long.</summary>
    Expired = 9,
}
