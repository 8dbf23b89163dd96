using System.Globalization;
using System.Text;

using Microsoft.Data.Sqlite;

using SQLitePCL;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// A prepared statement driven through SQLitePCL directly, for the batch hot paths: parameters are bound by position
/// from UTF-8 encoded into one reused buffer (SQLite copies each value when bound), so a row costs no allocation and
/// none of <see cref="SqliteCommand"/>'s per-execution work. Runs on a connection (and inside a transaction) opened
/// by Microsoft.Data.Sqlite; errors surface as <see cref="SqliteException"/> like everywhere else.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _buffer = new byte[256];

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public void BindText(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }

        var needed = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (needed > _buffer.Length)
        {
            _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _buffer);
        Check(raw.sqlite3_bind_text(_statement, index, _buffer.AsSpan(0, length)));
    }

    public void BindUtf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public void BindTime(int index, DateTimeOffset value)
    {
        // The same text as SqlText.Time, written straight to UTF-8.
        Span<byte> text = stackalloc byte[40];
        if (!value.UtcDateTime.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new FormatException("An instant could not be formatted.");
        }

        Check(raw.sqlite3_bind_text(_statement, index, text[..written]));
    }

    public void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void BindInt64(int index, long? value)
    {
        if (value is { } v)
        {
            BindInt64(index, v);
        }
        else
        {
            BindNull(index);
        }
    }

    public void BindDouble(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>Runs the statement to completion and resets it for the next row.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc is raw.SQLITE_DONE or raw.SQLITE_ROW)
        {
            raw.sqlite3_reset(_statement);
            return;
        }

        try
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
