using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>successful_pattern</c>: task types with at least <c>SuccessMinRuns</c> runs and a success rate of at least
/// <c>SuccessMinRate</c>, with the Wilson lower bound of the rate. No recommendation of its own: other rules read it
/// (a change to a task that works well is riskier).
/// </summary>
internal sealed class SuccessfulPatternDetector : IPatternDetector
{
    public const string DetectorName = "successful_pattern";

    public string Name => DetectorName;

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(context);

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context) => [];

    /// <summary>
    /// The rule of <c>successful_pattern</c> over the task types' figures: one analysis's (its session) or a fleet's
    /// merged ones; at least <c>SuccessMinRuns</c> runs and a success rate of at least <c>SuccessMinRate</c>.
    /// </summary>
    internal static List<LogPattern> Patterns(IReadOnlyDictionary<string, SuccessTaskStats> tasks, AnalysisOptions options)
    {
        var patterns = new List<LogPattern>();
        foreach (var (task, stats) in tasks)
        {
            var successes = stats.Successes.Count;
            if (stats.Runs < options.SuccessMinRuns || successes == 0)
            {
                continue;
            }

            var rate = (double)successes / stats.Runs;
            if (rate < options.SuccessMinRate)
            {
                continue;
            }

            var (lower, upper) = Statistics.Wilson(successes, stats.Runs);
            var metadata = DetectorSupport.Metadata(LogPattern.TaskSubject);
            metadata["runs"] = stats.Runs;
            metadata["successes"] = successes;
            metadata["success_rate"] = Statistics.Round(rate);
            metadata["success_rate_lower"] = Statistics.Round(lower);
            metadata["success_rate_upper"] = Statistics.Round(upper);
            if (stats.Durations.Count > 0)
            {
                metadata["p50_s"] = Statistics.Round(stats.Durations.Quantile(0.5));
                metadata["p95_s"] = Statistics.Round(stats.Durations.Quantile(0.95));
            }

            patterns.Add(new LogPattern
            {
                Type = PatternType.SuccessfulPattern,
                Subject = LogPattern.TaskSubject,
                Key = task,
                Description = Inv($"Task {task} succeeded in {successes} of {stats.Runs} runs ({rate:P0}; 95% lower bound {lower:P0})."),
                Occurrences = successes,
                ImpactScore = Statistics.Round(0.3 * lower),
                FirstSeen = stats.Successes.First,
                LastSeen = stats.Successes.Last,
                Metadata = metadata,
            });
        }

        return DetectorSupport.SortedPatterns(patterns);
    }

    internal sealed class Session(AnalysisContext context) : DetectorSession
    {
        private readonly AnalysisOptions _options = context.Options;
        private readonly Dictionary<string, SuccessTaskStats> _tasks = new(StringComparer.Ordinal);

        /// <summary>Gets the task types seen so far (what a fleet instance reports of them).</summary>
        internal IReadOnlyDictionary<string, SuccessTaskStats> Tasks => _tasks;

        public override void Observe(ExecutionEvent executionEvent)
        {
            if (executionEvent.Kind is not (ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError) || executionEvent.TaskName is not { } task)
            {
                return;
            }

            var stats = DetectorSupport.GetOrAdd(_tasks, task, _options.MaxSubjects);
            if (stats is null)
            {
                return;
            }

            stats.Runs++;
            if (executionEvent.Kind == ExecutionEventKind.TaskComplete)
            {
                stats.Successes.Add(executionEvent.Timestamp);
                if (executionEvent.Duration is { } duration)
                {
                    stats.Durations.Add(duration);
                }
            }
        }

        public override IReadOnlyList<LogPattern> GetPatterns() => Patterns(_tasks, _options);
    }
}
