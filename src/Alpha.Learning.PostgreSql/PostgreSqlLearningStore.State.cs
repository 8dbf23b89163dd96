using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>Small named values the stages keep between runs.</summary>
public sealed partial class PostgreSqlLearningStore
{
    /// <inheritdoc/>
    public Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            async (connection, token) => await ScalarAsync(connection, null, "SELECT value FROM loop_state WHERE key = $1;", token, key).ConfigureAwait(false) is string value ? PgText.Decode(value) : null,
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            (connection, token) => value is null
                ? ExecuteAsync(connection, null, "DELETE FROM loop_state WHERE key = $1;", token, key)
                : ExecuteAsync(connection, null, """
                    INSERT INTO loop_state (key, value, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
                    """, token, key, value, at),
            cancellationToken);
    }
}
