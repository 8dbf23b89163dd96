namespace Alpha.Learning.Logs;

/// <summary>
/// A source of execution events: the default reads JSON-lines files; a host may plug in its own.
/// </summary>
public interface ILogSource
{
    /// <summary>
    /// Streams the events that match <paramref name="query"/>, in time order as far as the source knows it.
    /// </summary>
    /// <param name="query">Where to read and which time range to keep.</param>
    /// <param name="statistics">Collects what was read (files, bytes, lines, events, malformed lines), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The events, one at a time; a source never holds all of them in memory.</returns>
    IAsyncEnumerable<ExecutionEvent> ReadAsync(LogQuery query, LogReadStatistics? statistics = null, CancellationToken cancellationToken = default);
}
