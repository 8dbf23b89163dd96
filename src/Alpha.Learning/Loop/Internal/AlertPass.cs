using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The alert step's own pass over the logs (the regression detector alone, over the baseline and trend span the cycle's
/// analysis window does not cover), kept between cycles: the next cycle reuses its patterns instead of reading the logs
/// again when the read would see the same events.
/// </summary>
/// <remarks>
/// The same events means: the log files under the read's paths are unchanged (each file's path, size and time of last
/// write, <see cref="LogFolderFingerprint"/>), the end of the read is the same, and its start moved forward no further
/// than the earliest event the last pass read (so no event drops out of it). The detector's findings depend on nothing
/// else (its windows end with the latest event read, not with the clock), so the patterns are those a new pass would
/// find. Without paths (a host's own log source: nothing to watch) every cycle reads. Used by one cycle at a time.
/// </remarks>
internal sealed class AlertPass(ILogSource source, AnalysisOptions analysisOptions, TimeProvider time)
{
    private Reading? _last;

    /// <summary>Gets how many passes read the logs, and how many reused the last pass (for tests and figures).</summary>
    public (long Read, long Reused) Passes { get; private set; }

    /// <summary>Returns the patterns <paramref name="detector"/> finds in the events of <paramref name="query"/>, read again only when they may differ from the last pass's.</summary>
    public async Task<IReadOnlyList<LogPattern>> FindAsync(IPatternDetector detector, LogQuery query, CancellationToken cancellationToken)
    {
        var fingerprint = LogFolderFingerprint.Compute(query.Paths);
        if (_last is { } last && last.Covers(fingerprint, detector, query))
        {
            Passes = (Passes.Read, Passes.Reused + 1);
            return last.Patterns;
        }

        _last = null;
        var tap = new EarliestEventTap(source);
        var analyzer = new LogAnalyzer(tap, [detector], Options.Create(analysisOptions), time);
        var result = await analyzer.AnalyzeLogsAsync(query, new LogReadStatistics(), cancellationToken).ConfigureAwait(false);
        Passes = (Passes.Read + 1, Passes.Reused);
        if (fingerprint is not null && result.FailedDetectors.Count == 0)
        {
            _last = new Reading(fingerprint, detector, query.From, query.To, tap.Earliest, result.Patterns);
        }

        return result.Patterns;
    }

    private sealed record Reading(string Fingerprint, IPatternDetector Detector, DateTimeOffset? From, DateTimeOffset? To, DateTimeOffset? Earliest, IReadOnlyList<LogPattern> Patterns)
    {
        public bool Covers(string? fingerprint, IPatternDetector detector, LogQuery query) =>
            fingerprint == Fingerprint
            && ReferenceEquals(detector, Detector)
            && query.To == To
            && NoEarlierThan(From, query.From)
            && (Earliest is not { } earliest || query.From is not { } from || from <= earliest);

        // The new start reads no event the old one did not: it is not earlier (an open start is the earliest of all).
        private static bool NoEarlierThan(DateTimeOffset? old, DateTimeOffset? now) => old is not { } o || (now is { } n && n >= o);
    }
}
