namespace Alpha.Learning.Logs;

/// <summary>
/// What to read: where the logs are and which time range to keep.
/// </summary>
public sealed class LogQuery
{
    /// <summary>
    /// Gets the files or folders to read. A folder contributes every log file directly in it
    /// (<c>*.json</c>, <c>*.jsonl</c>, rotations such as <c>*.jsonl.1</c>, and the same names ending in <c>.gz</c>).
    /// When empty, the source reads its configured default location. The default value is empty.
    /// </summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Gets the earliest instant to keep (inclusive), or <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the instant to stop at (exclusive), or <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Returns whether <paramref name="timestamp"/> lies in [<see cref="From"/>, <see cref="To"/>).</summary>
    /// <param name="timestamp">The instant to test.</param>
    /// <returns><see langword="true"/> when the instant is inside the range.</returns>
    public bool Contains(DateTimeOffset timestamp) =>
        (From is not { } from || timestamp >= from) && (To is not { } to || timestamp < to);
}
