using Microsoft.Data.Sqlite;

namespace Alpha.Learning.Storage.Internal;

/// <summary>A row of the SQLite store: instants are stored as round-trip ISO 8601 text in UTC.</summary>
internal readonly struct SqliteRow(SqliteDataReader reader) : IStoreRow
{
    public string Text(int ordinal) => reader.GetString(ordinal);

    public string? TextOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public DateTimeOffset Time(int ordinal) => SqlText.ParseTime(reader.GetString(ordinal));

    public DateTimeOffset? TimeOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : Time(ordinal);

    public double Double(int ordinal) => reader.GetDouble(ordinal);

    public double? DoubleOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public long Int64(int ordinal) => reader.GetInt64(ordinal);

    public long? Int64OrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
