namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// One row of a store's result set, each value read the way that store keeps it (SQLite: instants as ISO text;
/// PostgreSQL: <c>timestamptz</c>, text unescaped). <see cref="StoreRecords"/> maps rows to records through it, so both
/// stores read every record the same way. Implemented by readonly structs, so the mapping is bound at compile time.
/// </summary>
internal interface IStoreRow
{
    /// <summary>Reads a text column that is never null.</summary>
    string Text(int ordinal);

    /// <summary>Reads a text column that may be null.</summary>
    string? TextOrNull(int ordinal);

    /// <summary>Reads an instant that is never null.</summary>
    DateTimeOffset Time(int ordinal);

    /// <summary>Reads an instant that may be null.</summary>
    DateTimeOffset? TimeOrNull(int ordinal);

    /// <summary>Reads a floating-point column that is never null.</summary>
    double Double(int ordinal);

    /// <summary>Reads a floating-point column that may be null.</summary>
    double? DoubleOrNull(int ordinal);

    /// <summary>Reads an integer column that is never null.</summary>
    long Int64(int ordinal);

    /// <summary>Reads an integer column that may be null.</summary>
    long? Int64OrNull(int ordinal);
}
