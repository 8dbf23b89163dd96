namespace Alpha.Learning.Improvements;

/// <summary>
/// What <see cref="ImprovementExecutor"/> did with a recommendation. Serialised as the snake_case names
/// (<c>applied</c>, <c>dry_run</c>, <c>pending_approval</c>, …).
/// </summary>
public enum ImprovementOutcome
{
    /// <summary><c>applied</c>: the changes were written and the improvement recorded as applied.</summary>
    Applied = 0,

    /// <summary><c>dry_run</c>: the changes were planned and recorded as a dry run; nothing was written to the configuration.</summary>
    DryRun = 1,

    /// <summary><c>pending_approval</c>: the guardrails ask for a person's approval; the improvement waits in <see cref="ImprovementStatus.PendingApproval"/>.</summary>
    PendingApproval = 2,

    /// <summary><c>advisory</c>: the recommendation is for a person (it has no configuration change); nothing was stored or written.</summary>
    Advisory = 3,

    /// <summary><c>refused</c>: validation or the guardrails refused it; nothing was stored or written.</summary>
    Refused = 4,

    /// <summary><c>conflict</c>: the configuration changed since the changes were planned; nothing was written.</summary>
    Conflict = 5,

    /// <summary><c>quota_exceeded</c>: the daily quota is used up; nothing was stored or written.</summary>
    QuotaExceeded = 6,

    /// <summary><c>already_applied</c>: the recommendation is applied (or being applied) already; nothing was written.</summary>
    AlreadyApplied = 7,

    /// <summary><c>failed</c>: an error stopped it; see <see cref="ImprovementResult.Reason"/>.</summary>
    Failed = 8,
}
