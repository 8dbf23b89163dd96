using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The base of the built-in detectors' sessions, so <see cref="LogAnalyzer"/> calls them through a virtual call
/// rather than interface dispatch (six calls per event, at a call site that sees six types).
/// </summary>
internal abstract class DetectorSession : IPatternDetectorSession
{
    public abstract void Observe(ExecutionEvent executionEvent);

    public abstract IReadOnlyList<LogPattern> GetPatterns();
}
