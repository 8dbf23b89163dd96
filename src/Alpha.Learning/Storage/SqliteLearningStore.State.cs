using Alpha.Learning.Storage.Internal;

namespace Alpha.Learning.Storage;

/// <summary>Small named values the stages keep between runs.</summary>
public sealed partial class SqliteLearningStore
{
    /// <inheritdoc/>
    public Task<string?> GetStateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, "SELECT value FROM loop_state WHERE key = $key;");
                command.Parameters.AddWithValue("$key", key);
                return command.ExecuteScalar() as string;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetStateAsync(string key, string? value, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(
            (connection, _) =>
            {
                using var command = Command(connection, null, value is null
                    ? "DELETE FROM loop_state WHERE key = $key;"
                    : """
                      INSERT INTO loop_state (key, value, updated_at) VALUES ($key, $value, $at)
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
                      """);
                command.Parameters.AddWithValue("$key", key);
                if (value is not null)
                {
                    command.Parameters.AddWithValue("$value", value);
                    command.Parameters.AddWithValue("$at", SqlText.Time(at));
                }

                command.ExecuteNonQuery();
            },
            cancellationToken);
    }
}
