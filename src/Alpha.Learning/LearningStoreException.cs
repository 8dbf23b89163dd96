namespace Alpha.Learning;

/// <summary>
/// The learning store cannot be used as it is: the database is locked, not a database, corrupted, read-only,
/// full, or written by a newer version. The database file is left untouched.
/// </summary>
public sealed class LearningStoreException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LearningStoreException"/> class.</summary>
    public LearningStoreException()
        : this("The learning store failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LearningStoreException"/> class.</summary>
    /// <param name="message">The message.</param>
    public LearningStoreException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LearningStoreException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public LearningStoreException(string message, Exception? innerException)
        : this(LearningStoreErrorKind.Other, string.Empty, message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LearningStoreException"/> class.</summary>
    /// <param name="kind">Why the store failed.</param>
    /// <param name="databasePath">The database file.</param>
    /// <param name="message">A sentence saying what happened and what to do, naming the file.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public LearningStoreException(LearningStoreErrorKind kind, string databasePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        DatabasePath = databasePath ?? string.Empty;
    }

    /// <summary>Gets why the store failed.</summary>
    public LearningStoreErrorKind Kind { get; }

    /// <summary>Gets the database file concerned (<c>:memory:</c> for an in-memory store).</summary>
    public string DatabasePath { get; }
}
