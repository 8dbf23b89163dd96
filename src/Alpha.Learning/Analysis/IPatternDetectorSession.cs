using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis;

/// <summary>
/// A detector's state for one analysis: it observes each event once, then reports its patterns.
/// </summary>
public interface IPatternDetectorSession
{
    /// <summary>Observes one event. Called for every event of the read, including <see cref="ExecutionEventKind.Custom"/> ones.</summary>
    /// <param name="executionEvent">The event (untrusted content).</param>
    void Observe(ExecutionEvent executionEvent);

    /// <summary>Returns the patterns found, after the last event.</summary>
    /// <returns>The patterns, in a deterministic order.</returns>
    IReadOnlyList<LogPattern> GetPatterns();
}
