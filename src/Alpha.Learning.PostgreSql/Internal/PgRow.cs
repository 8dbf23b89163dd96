using Npgsql;

namespace Alpha.Learning.Storage.Internal;

/// <summary>A row of the PostgreSQL store: instants are <c>timestamptz</c>, text is unescaped (see <see cref="PgText"/>).</summary>
internal readonly struct PgRow(NpgsqlDataReader reader) : IStoreRow
{
    public string Text(int ordinal) => PgText.Decode(reader.GetString(ordinal));

    public string? TextOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : Text(ordinal);

    public DateTimeOffset Time(int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public DateTimeOffset? TimeOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : Time(ordinal);

    public double Double(int ordinal) => reader.GetDouble(ordinal);

    public double? DoubleOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public long Int64(int ordinal) => reader.GetInt64(ordinal);

    public long? Int64OrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
