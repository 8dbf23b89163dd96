using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Analysis;

/// <summary>
/// Drives one streaming pass over an <see cref="ILogSource"/> for all registered <see cref="IPatternDetector"/>s,
/// then turns the patterns into recommendations.
/// </summary>
/// <remarks>
/// Each analysis creates a fresh session of every detector, so one analyzer may run several analyses at once. A
/// detector that throws is left out of the rest of that analysis (and named in
/// <see cref="AnalysisResult.FailedDetectors"/>); the others go on.
/// </remarks>
public sealed class LogAnalyzer
{
    private const int TopCount = 5;

    private readonly ILogSource _source;
    private readonly IPatternDetector[] _detectors;
    private readonly AnalysisOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private AnalysisSummary? _lastSummary;

    /// <summary>Initializes a new instance of the <see cref="LogAnalyzer"/> class.</summary>
    /// <param name="source">Where the events come from.</param>
    /// <param name="detectors">The detectors; each sees every event of a pass once. Duplicate instances are used once.</param>
    /// <param name="options">The analysis options.</param>
    /// <param name="timeProvider">The clock (for time ranges, recency and durations).</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <exception cref="OptionsValidationException">The options are not valid (each failure names the setting and its value).</exception>
    public LogAnalyzer(ILogSource source, IEnumerable<IPatternDetector> detectors, IOptions<AnalysisOptions> options, TimeProvider timeProvider, ILogger<LogAnalyzer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _source = source;
        var list = new List<IPatternDetector>();
        foreach (var detector in detectors)
        {
            ArgumentNullException.ThrowIfNull(detector, nameof(detectors));
            if (!list.Contains(detector))
            {
                list.Add(detector);
            }
        }

        _detectors = [.. list];
        _options = options.Value ?? throw new ArgumentException("The options value is null.", nameof(options));
        var validation = AnalysisOptionsValidator.Instance.Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(AnalysisOptions), validation.Failures);
        }

        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the detectors, in registration order.</summary>
    public IReadOnlyList<IPatternDetector> Detectors => _detectors;

    /// <summary>Creates an analyzer with the built-in detectors.</summary>
    /// <param name="source">Where the events come from.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <returns>The analyzer.</returns>
    public static LogAnalyzer Create(ILogSource source, AnalysisOptions? options = null, TimeProvider? timeProvider = null, ILogger<LogAnalyzer>? logger = null) =>
        new(source, CreateDefaultDetectors(), Options.Create(options ?? new AnalysisOptions()), timeProvider ?? TimeProvider.System, logger);

    /// <summary>
    /// Creates the built-in detectors: <c>recurring_error</c>, <c>slow_operation</c>, <c>timeout_pattern</c>,
    /// <c>high_cost_operation</c>, <c>inefficient_tool_chain</c>, <c>successful_pattern</c>, and the baseline-relative
    /// <c>regression</c> detector (<c>regression</c>, <c>new_error</c> and <c>trend</c> patterns).
    /// </summary>
    /// <returns>New detector instances (stateless; they may be shared).</returns>
    public static IReadOnlyList<IPatternDetector> CreateDefaultDetectors() =>
    [
        new RecurringErrorDetector(),
        new SlowOperationDetector(),
        new TimeoutDetector(),
        new HighCostDetector(),
        new InefficientToolChainDetector(),
        new SuccessfulPatternDetector(),
        new RegressionDetector(),
    ];

    /// <summary>Analyses the events in a time range of the given files (or the source's default location).</summary>
    /// <param name="from">The earliest instant to keep (inclusive), or <see langword="null"/> for no lower bound.</param>
    /// <param name="to">The instant to stop at (exclusive), or <see langword="null"/> for no upper bound.</param>
    /// <param name="files">Files or folders to read, or <see langword="null"/> for the source's default.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The patterns, recommendations and read statistics.</returns>
    public Task<AnalysisResult> AnalyzeLogsAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, IReadOnlyList<string>? files = null, CancellationToken cancellationToken = default) =>
        AnalyzeLogsAsync(new LogQuery { From = from, To = to, Paths = files ?? [] }, cancellationToken);

    /// <summary>Analyses the events of a query in one pass over the source.</summary>
    /// <param name="query">What to read.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The patterns, recommendations and read statistics.</returns>
    public Task<AnalysisResult> AnalyzeLogsAsync(LogQuery query, CancellationToken cancellationToken) =>
        AnalyzeLogsAsync(query, new LogReadStatistics(), cancellationToken);

    /// <summary>Analyses the events of a query in one pass over the source, counting what is read into <paramref name="statistics"/> as it goes (for progress).</summary>
    /// <param name="query">What to read.</param>
    /// <param name="statistics">Collects what is read; readable while the analysis runs.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The patterns, recommendations and read statistics.</returns>
    public Task<AnalysisResult> AnalyzeLogsAsync(LogQuery query, LogReadStatistics statistics, CancellationToken cancellationToken) =>
        AnalyzeAgainstConfigAsync(query, null, statistics, cancellationToken);

    /// <summary>
    /// Analyses the events of a query in one pass over the source; the recommendation rules read current values from
    /// <paramref name="config"/>, the configuration the changes will be planned against.
    /// </summary>
    /// <param name="query">What to read.</param>
    /// <param name="config">The host's configuration, or <see langword="null"/> when unknown (rules then state the defaults they assume).</param>
    /// <param name="statistics">Collects what is read; readable while the analysis runs.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The patterns, recommendations and read statistics.</returns>
    public async Task<AnalysisResult> AnalyzeAgainstConfigAsync(LogQuery query, Improvements.ConfigSnapshot? config, LogReadStatistics statistics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(statistics);
        if (query.From is { } f && query.To is { } t && f > t)
        {
            throw new ArgumentException($"The time range is empty: from {f:O} is after to {t:O}.", nameof(query));
        }

        var startedAt = _timeProvider.GetUtcNow();
        var started = _timeProvider.GetTimestamp();
        Log.AnalysisStarted(_logger, query.From, query.To, _detectors.Length);
        var context = new AnalysisContext { Options = _options, From = query.From, To = query.To, Now = query.To is { } end && end < startedAt ? end : startedAt };
        var sessions = new IPatternDetectorSession?[_detectors.Length];
        var builtIn = new DetectorSession?[_detectors.Length]; // the same sessions, called through the class when built in
        var failed = new List<string>();
        for (var i = 0; i < _detectors.Length; i++)
        {
            sessions[i] = Guard(i, failed, () => _detectors[i].CreateSession(context));
            builtIn[i] = sessions[i] as DetectorSession;
        }

        long events = 0;
        var byKind = new long[Enum.GetValues<ExecutionEventKind>().Length];
        await foreach (var executionEvent in _source.ReadAsync(query, statistics, cancellationToken).ConfigureAwait(false))
        {
            events++;
            if ((uint)executionEvent.Kind < (uint)byKind.Length)
            {
                byKind[(int)executionEvent.Kind]++;
            }

            for (var i = 0; i < sessions.Length; i++)
            {
                try
                {
                    if (builtIn[i] is { } known)
                    {
                        known.Observe(executionEvent);
                    }
                    else if (sessions[i] is { } session)
                    {
                        session.Observe(executionEvent);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Fail(i, failed, ex);
                    sessions[i] = null;
                    builtIn[i] = null;
                }
            }
        }

        var patterns = new List<LogPattern>();
        var origins = new Dictionary<LogPattern, IPatternDetector>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < sessions.Length; i++)
        {
            if (sessions[i] is { } session && Guard(i, failed, session.GetPatterns) is { } found)
            {
                patterns.AddRange(found);
                foreach (var pattern in found)
                {
                    origins[pattern] = _detectors[i];
                }
            }
        }

        patterns.Sort(Recommendations.ComparePatterns);
        var recommendations = Recommend(patterns, context.Now, origins, config, query.From is { } from ? context.Now - from : null);
        var duration = _timeProvider.GetElapsedTime(started);
        var result = new AnalysisResult
        {
            Patterns = patterns,
            Recommendations = recommendations,
            Statistics = statistics,
            EventsAnalyzed = events,
            EventsByKind = Enum.GetValues<ExecutionEventKind>().ToDictionary(kind => kind, kind => byKind[(int)kind]),
            From = query.From,
            To = query.To,
            StartedAt = startedAt,
            Duration = duration,
            FailedDetectors = failed,
        };
        Volatile.Write(ref _lastSummary, Summarize(result));
        Log.AnalysisFinished(_logger, events, patterns.Count, recommendations.Count, (long)duration.TotalMilliseconds);
        return result;
    }

    /// <summary>
    /// Proposes recommendations for patterns (for example patterns loaded from a store): every detector is asked for
    /// every pattern; duplicates (same id) are dropped.
    /// </summary>
    /// <param name="patterns">The patterns.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The recommendations, by priority (highest first), then confidence (highest first), then id.</returns>
    public Task<IReadOnlyList<ImprovementRecommendation>> GenerateRecommendationsAsync(IReadOnlyList<LogPattern> patterns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        cancellationToken.ThrowIfCancellationRequested();
        var sorted = new List<LogPattern>(patterns);
        sorted.Sort(Recommendations.ComparePatterns);
        return Task.FromResult<IReadOnlyList<ImprovementRecommendation>>(Recommend(sorted, _timeProvider.GetUtcNow()));
    }

    /// <summary>Gets the analysis options (fleet mode builds the merged patterns by them).</summary>
    internal AnalysisOptions AnalysisOptions => _options;

    /// <summary>Proposes recommendations for merged patterns (fleet mode), the rules reading current values from <paramref name="config"/>.</summary>

    internal List<ImprovementRecommendation> RecommendMerged(List<LogPattern> patterns, DateTimeOffset now, Improvements.ConfigSnapshot? config, TimeSpan? span) =>
        Recommend(patterns, now, null, config, span);

    /// <summary>Analyses the last <paramref name="days"/> days (up to now) and summarises the result.</summary>
    /// <param name="days">How many days back to look; at least 1.</param>
    /// <param name="files">Files or folders to read, or <see langword="null"/> for the source's default.</param>
    /// <param name="cancellationToken">Stops the analysis.</param>
    /// <returns>The summary (also kept for <see cref="GetSummary"/>).</returns>
    public async Task<AnalysisSummary> AnalyzeTimePeriodAsync(int days, IReadOnlyList<string>? files = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var now = _timeProvider.GetUtcNow();
        var result = await AnalyzeLogsAsync(now.AddDays(-days), now, files, cancellationToken).ConfigureAwait(false);
        return Summarize(result);
    }

    /// <summary>Returns the summary of the most recent analysis of this analyzer, or <see langword="null"/> when none ran yet.</summary>
    /// <returns>The summary.</returns>
    public AnalysisSummary? GetSummary() => Volatile.Read(ref _lastSummary);

    /// <summary>Summarises an analysis result: totals, counts by type and priority, the top five patterns and recommendations.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The summary.</returns>
    public static AnalysisSummary Summarize(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var byType = new SortedDictionary<PatternType, int>();
        foreach (var pattern in result.Patterns)
        {
            byType[pattern.Type] = byType.GetValueOrDefault(pattern.Type) + 1;
        }

        var byPriority = new SortedDictionary<Priority, int>(Comparer<Priority>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var recommendation in result.Recommendations)
        {
            byPriority[recommendation.Priority] = byPriority.GetValueOrDefault(recommendation.Priority) + 1;
        }

        var top = new List<LogPattern>(result.Patterns);
        top.Sort(static (a, b) =>
        {
            var byImpact = b.ImpactScore.CompareTo(a.ImpactScore);
            return byImpact != 0 ? byImpact : string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
        });
        if (top.Count > TopCount)
        {
            top.RemoveRange(TopCount, top.Count - TopCount);
        }

        var topRecommendations = new List<ImprovementRecommendation>(Math.Min(TopCount, result.Recommendations.Count));
        for (var i = 0; i < result.Recommendations.Count && i < TopCount; i++)
        {
            topRecommendations.Add(result.Recommendations[i]);
        }

        return new AnalysisSummary
        {
            From = result.From,
            To = result.To,
            AnalyzedAt = result.StartedAt,
            EventsAnalyzed = result.EventsAnalyzed,
            TotalPatterns = result.Patterns.Count,
            PatternsByType = byType,
            TotalRecommendations = result.Recommendations.Count,
            RecommendationsByPriority = byPriority,
            TopPatterns = top,
            TopRecommendations = topRecommendations,
            Statistics = result.Statistics,
        };
    }

    /// <summary>
    /// Asks the detector that found each pattern for its recommendations (a detector proposes for its own patterns);
    /// a pattern of unknown origin (loaded from a store) is offered to every detector.
    /// </summary>
    private List<ImprovementRecommendation> Recommend(List<LogPattern> patterns, DateTimeOffset now, Dictionary<LogPattern, IPatternDetector>? origins = null, Improvements.ConfigSnapshot? config = null, TimeSpan? span = null)
    {
        var context = new RecommendationContext { Options = _options, Patterns = patterns, Now = now, Config = config, Span = span };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ImprovementRecommendation>();
        foreach (var pattern in patterns)
        {
            IReadOnlyList<IPatternDetector> askable = origins is not null && origins.TryGetValue(pattern, out var origin) ? [origin] : _detectors;
            foreach (var detector in askable)
            {
                try
                {
                    foreach (var recommendation in detector.Recommend(pattern, context))
                    {
                        if (recommendation is not null && seen.Add(recommendation.Id))
                        {
                            result.Add(recommendation);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RecommendFailed(_logger, ex, detector.Name, EnumNames.ToName(pattern.Type), pattern.Fingerprint);
                }
            }
        }

        result.Sort(Recommendations.Compare);
        return result;
    }

    private T? Guard<T>(int index, List<string> failed, Func<T> action)
        where T : class
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(index, failed, ex);
            return null;
        }
    }

    private void Fail(int index, List<string> failed, Exception ex)
    {
        var name = _detectors[index].Name;
        Log.DetectorFailed(_logger, ex, name);
        failed.Add(name);
    }
}
