namespace Alpha.Learning.Storage;

/// <summary>
/// Options of <see cref="SqliteLearningStore"/>.
/// </summary>
public sealed class SqliteLearningStoreOptions
{
    /// <summary>The path of the database when none is given.</summary>
    public const string DefaultDatabasePath = "alpha-learning.db";

    /// <summary>
    /// Gets or sets the database file. A missing folder is created; a new file is created with mode 0600 on Unix.
    /// The default value is <c>alpha-learning.db</c> (in the current folder).
    /// </summary>
    public string DatabasePath { get; set; } = DefaultDatabasePath;

    /// <summary>
    /// Gets or sets how long an operation waits for another connection or process to release the database before it
    /// fails with <see cref="LearningStoreErrorKind.Locked"/>. The default value is 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets whether to open the database read-only (for reports): nothing is created, migrated or written, and
    /// every write fails with <see cref="LearningStoreErrorKind.ReadOnly"/>. The default value is <see langword="false"/>.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Gets or sets whether to run SQLite's <c>PRAGMA quick_check</c> when the store is first used, so that a corrupted
    /// database is refused before anything is written. It reads the whole file once. The default value is <see langword="true"/>.
    /// </summary>
    public bool QuickCheckOnOpen { get; set; } = true;

    /// <summary>For tests: a per-connection page limit that makes the database report itself full.</summary>
    internal long? MaxPageCountForTesting { get; set; }
}
