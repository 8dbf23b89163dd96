namespace Alpha.Learning.Storage;

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

/// <summary>
/// What the verification of an applied improvement concluded. Serialised as the snake_case names
/// (<c>none</c>, <c>insufficient_data</c>, <c>improved</c>, <c>unchanged</c>, <c>regressed</c>).
/// </summary>
public enum VerificationVerdict
{
    /// <summary><c>none</c>: not verified yet.</summary>
    None = 0,

    /// <summary><c>insufficient_data</c>: too few samples before or after to conclude.</summary>
    InsufficientData = 1,

    /// <summary><c>improved</c>: the target metric got significantly better.</summary>
    Improved = 2,

    /// <summary><c>unchanged</c>: no significant difference.</summary>
    Unchanged = 3,

    /// <summary><c>regressed</c>: the target metric got significantly worse.</summary>
    Regressed = 4,

    /// <summary>
    /// <c>inconclusive</c>: the verification deadline passed with too little data in the change's scope, or an
    /// outage-like burst across scopes hid the change's effect. Risky kinds are rolled back; safe kinds are kept.
    /// </summary>
    Inconclusive = 5,
}

/// <summary>
/// How a feedback-loop cycle ended. Serialised as the snake_case names.
/// </summary>
public enum CycleRunStatus
{
    /// <summary><c>running</c>: started, not finished (or the process died while it ran).</summary>
    Running = 0,

    /// <summary><c>completed</c>: ran to the end.</summary>
    Completed = 1,

    /// <summary><c>failed</c>: stopped by an error; see <see cref="CycleRun.Reason"/>.</summary>
    Failed = 2,

    /// <summary><c>skipped</c>: did nothing, for example because another cycle held the lease.</summary>
    Skipped = 3,

    /// <summary><c>cancelled</c>: stopped on request.</summary>
    Cancelled = 4,

    /// <summary>Its runner died (killed, or its machine lost) before it finished; the next cycle's leader recorded it so.</summary>
    Interrupted = 5,
}

/// <summary>
/// Whether a recorded configuration change applied an improvement or reverted it. Serialised as
/// <c>applied</c> and <c>rolled_back</c>.
/// </summary>
public enum PathChangeKind
{
    /// <summary><c>applied</c>: the change of an improvement being applied.</summary>
    Applied = 0,

    /// <summary><c>rolled_back</c>: the inverse change of an improvement being rolled back.</summary>
    RolledBack = 1,
}

/// <summary>
/// Which way a configuration value moved. Serialised as <c>increase</c>, <c>decrease</c> and <c>other</c>.
/// </summary>
public enum ChangeDirection
{
    /// <summary><c>other</c>: not an ordered change (a string, a boolean, or a value set for the first time).</summary>
    Other = 0,

    /// <summary><c>increase</c>: a number got larger.</summary>
    Increase = 1,

    /// <summary><c>decrease</c>: a number got smaller.</summary>
    Decrease = 2,
}

/// <summary>
/// The outcome of <see cref="ILearningStore.TryReserveImprovementAsync"/>.
/// </summary>
public enum ReservationOutcome
{
    /// <summary>The record was stored: it now counts against the quota.</summary>
    Reserved = 0,

    /// <summary>Nothing was stored: the quota of the window is used up.</summary>
    QuotaExceeded = 1,

    /// <summary>Nothing was stored: an improvement with the same id already exists.</summary>
    AlreadyExists = 2,
}

/// <summary>
/// Why a <see cref="LearningStoreException"/> was thrown.
/// </summary>
public enum LearningStoreErrorKind
{
    /// <summary>Another error of the database engine or the file system.</summary>
    Other = 0,

    /// <summary>The database stayed locked by another connection or process beyond the busy timeout.</summary>
    Locked = 1,

    /// <summary>The file is not a SQLite database.</summary>
    NotADatabase = 2,

    /// <summary>The database is corrupted (its integrity check failed).</summary>
    Corrupt = 3,

    /// <summary>The database or its folder cannot be written (file permissions, a read-only mount, or a store opened read-only).</summary>
    ReadOnly = 4,

    /// <summary>The disk (or the database's size limit) is full.</summary>
    DiskFull = 5,

    /// <summary>The database was written by a newer version of Alpha.Learning; it is left as it is.</summary>
    NewerSchema = 6,

    /// <summary>The database file or its folder cannot be opened or created (or, for a database server, the database does not exist).</summary>
    CannotOpen = 7,

    /// <summary>The database server cannot be reached (name not resolved, connection refused, or no answer in time).</summary>
    Unreachable = 8,

    /// <summary>The database server refused the credentials (wrong user name or password, or no access for this client).</summary>
    Authentication = 9,

    /// <summary>The database user lacks a privilege the store needs (to create its schema, or to read or write its tables).</summary>
    PermissionDenied = 10,
}
