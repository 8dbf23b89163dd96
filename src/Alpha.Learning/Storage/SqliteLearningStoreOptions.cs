using Alpha.Learning.Internal;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Storage;

/// <summary>
/// Options of <see cref="SqliteLearningStore"/>. They are their own <see cref="IOptions{TOptions}"/> (as
/// <c>MemoryCacheOptions</c> are), so the store's one constructor takes them directly or from the options system.
/// </summary>
public sealed class SqliteLearningStoreOptions : IOptions<SqliteLearningStoreOptions>
{
    /// <summary>The path of the database when none is given.</summary>
    public const string DefaultDatabasePath = "alpha-learning.db";

    /// <summary>
    /// Gets or sets the database file. A missing folder is created; a new file is created with mode 0600 on Unix.
    /// The default value is <c>alpha-learning.db</c> (in the current folder).
    /// </summary>
    [SettingText("name the SQLite file (or ':memory:')")]
    public string DatabasePath { get; set; } = DefaultDatabasePath;

    /// <summary>
    /// Gets or sets how long an operation waits for another connection or process to release the database before it
    /// fails with <see cref="LearningStoreErrorKind.Locked"/>. The default value is 5 seconds.
    /// </summary>
    [SettingDuration(0, MaximumSeconds = 3600)]
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

    /// <inheritdoc/>
#pragma warning disable SYSLIB1212 // The options themselves, not a nested part: [ValidateObjectMembers] would validate them twice.
    SqliteLearningStoreOptions IOptions<SqliteLearningStoreOptions>.Value => this;
#pragma warning restore SYSLIB1212

    /// <summary>For tests: a per-connection page limit that makes the database report itself full.</summary>
    internal long? MaxPageCountForTesting { get; set; }
}
