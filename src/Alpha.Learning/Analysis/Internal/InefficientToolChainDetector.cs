using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>inefficient_tool_chain</c>: tool calls joined to their task by <c>task_id</c>. Per tool: redundant calls (the
/// same tool with the same parameters again in one task) and retry loops (a failed call followed by the same call).
/// Per task type: the consecutive tool pair (chain) most over-represented in failing runs, by lift with a minimum
/// support. Per-task state is dropped when the task ends or goes stale, within <c>MaxOpenTasks</c>.
/// </summary>
internal sealed partial class InefficientToolChainDetector : IPatternDetector
{
    public const string DetectorName = "inefficient_tool_chain";
    private const int MaxChainsPerTask = 64;

    public string Name => DetectorName;

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(context);

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != PatternType.InefficientToolChain)
        {
            yield break;
        }

        var options = context.Options;
        var priority = Statistics.PriorityFromImpact(pattern.ImpactScore);
        if (pattern.Subject != LogPattern.ToolSubject)
        {
            var failing = (long)Recommendations.GetDouble(pattern, "failing_with_chain", 0);
            var withChain = failing + (long)Recommendations.GetDouble(pattern, "succeeding_with_chain", 0);
            var (fl, fu) = Statistics.Wilson(failing, withChain);
            yield return Recommendations.Create(
                pattern,
                ActionType.ToolStrategy,
                Inv($"Review the tool chain {Recommendations.GetString(pattern, "chain")} in {pattern.Key}"),
                Inv($"Runs of {pattern.Key} that use this chain fail {Recommendations.GetDouble(pattern, "lift", 1):0.##} times as often as its runs overall ({failing} of {withChain})."),
                priority,
                Statistics.Confidence(withChain, fu - fl, Statistics.EffectFactor(Recommendations.GetDouble(pattern, "lift", 1))),
                RiskLevel.Risky,
                [],
                TargetMetric.SuccessRate,
                new Dictionary<string, object>(StringComparer.Ordinal) { ["lift"] = Recommendations.GetDouble(pattern, "lift", 1), ["with_chain"] = withChain },
                "A chain tied to failure needs a person: no configuration change is proposed.");
            yield break;
        }

        var tool = pattern.Key;
        var calls = (long)Recommendations.GetDouble(pattern, "calls", pattern.Occurrences);
        var redundant = (long)Recommendations.GetDouble(pattern, "redundant_calls", 0);
        var retries = (long)Recommendations.GetDouble(pattern, "retry_loops", 0);
        var changes = new List<ConfigChange>();
        string? reason = null;
        var risky = false;
        if (redundant > 0)
        {
            var dedupe = ConfigPaths.TryBuild(options.ToolDeduplicatePath, "{tool}", tool, out reason);
            if (dedupe is not null && !(Recommendations.TryReadConfig(context, dedupe, out var on) && on is true))
            {
                changes.Add(new ConfigChange { Path = dedupe, NewValue = true });
            }

            // A slow tool's recommendation already carries caching: one cause, one change.
            if (!Recommendations.HasPattern(context, PatternType.SlowOperation, LogPattern.ToolSubject, tool)
                && ConfigPaths.TryBuild(options.ToolCachePath, "{tool}", tool, out reason) is { } cache)
            {
                changes.Add(new ConfigChange { Path = cache, NewValue = true });
                risky = true; // cached results can be stale for tools with side effects
            }
        }

        if (retries >= options.ChainMinOccurrences && ConfigPaths.TryBuild(options.ToolMaxRetriesPath, "{tool}", tool, out reason) is { } retryPath)
        {
            // A cap on re-attempts lowers the retry count the tool has (unlimited when the configuration holds none):
            // it can make work fail that a further attempt would have saved, so it is risky. It is never a raise.
            var known = Recommendations.TryReadConfig(context, retryPath, out var held);
            var current = Recommendations.AsNumber(held);
            if (!known || current is null || current > options.ToolMaxRetries)
            {
                changes.Add(new ConfigChange { Path = retryPath, OldValue = known ? held : null, NewValue = options.ToolMaxRetries });
                risky = true;
            }
        }

        if (changes.Count == 0 && reason is null)
        {
            yield break; // the configuration already holds what this rule would set
        }

        var wasted = redundant + retries;
        var (lower, upper) = Statistics.Wilson(wasted, Math.Max(calls, wasted));
        yield return Recommendations.Create(
            pattern,
            ActionType.ToolStrategy,
            Inv($"Stop repeated calls of {tool}"),
            Inv($"Of {calls} calls, {redundant} repeated an earlier call with the same parameters in the same task and {retries} retried a failed call unchanged."),
            priority,
            Statistics.Confidence(Math.Max(calls, wasted), upper - lower, Statistics.EffectFactor((double)wasted / Math.Max(1, options.ChainMinOccurrences))),
            risky ? RiskLevel.Risky : RiskLevel.Safe,
            changes,
            TargetMetric.P95Duration,
            new Dictionary<string, object>(StringComparer.Ordinal) { ["calls"] = calls, ["redundant_calls"] = redundant, ["retry_loops"] = retries },
            changes.Count == 0 ? reason ?? "No change applies to these figures." : null,
            new RecommendationScope { Tools = [tool], TaskTypes = Recommendations.GetStrings(pattern, "task_types") });
    }

    /// <summary>
    /// The rule of <c>inefficient_tool_chain</c> over the tools' and task types' figures: one analysis's (its
    /// session) or a fleet's merged ones. A tool with at least <c>ChainMinOccurrences</c> redundant calls and
    /// retries; per task type the chain of highest lift (ties: the first chain in ordinal order of its tool names)
    /// with enough failing runs and support.
    /// </summary>
    internal static List<LogPattern> Patterns(IReadOnlyDictionary<string, ToolWasteStats> tools, IReadOnlyList<string> toolNames, IReadOnlyDictionary<string, TaskChainStats> taskTypes, AnalysisOptions options, DateTimeOffset now)
    {
        var patterns = new List<LogPattern>();
        foreach (var (tool, stats) in tools)
        {
            var wasted = stats.Redundant + stats.RetryLoops;
            if (wasted < options.ChainMinOccurrences)
            {
                continue;
            }

            var metadata = DetectorSupport.Metadata(LogPattern.ToolSubject);
            metadata["calls"] = stats.Calls;
            metadata["redundant_calls"] = stats.Redundant;
            metadata["retry_loops"] = stats.RetryLoops;
            metadata["wasted_rate"] = Statistics.Round((double)wasted / stats.Calls);
            metadata["task_types"] = DetectorSupport.Sorted(stats.TaskTypes);
            patterns.Add(new LogPattern
            {
                Type = PatternType.InefficientToolChain,
                Subject = LogPattern.ToolSubject,
                Key = tool,
                Description = Inv($"Tool {tool}: {stats.Redundant} redundant calls and {stats.RetryLoops} unchanged retries of failed calls in {stats.Calls} calls."),
                Occurrences = wasted,
                ImpactScore = Statistics.Impact(wasted, stats.Waste.Last, now, 30, options.RecencyHalfLife, Math.Clamp(0.5 + ((double)wasted / stats.Calls), 0, 1)),
                FirstSeen = stats.Waste.First,
                LastSeen = stats.Waste.Last,
                Examples = [.. stats.Examples],
                Metadata = metadata,
            });
        }

        foreach (var (taskName, type) in taskTypes)
        {
            if (type.Failures < options.FailureChainMinFailures || type.Runs == 0)
            {
                continue;
            }

            var baseRate = (double)type.Failures / type.Runs;
            long bestChain = -1;
            var bestLift = 0.0;
            TaskChainStats.ChainCounts? best = null;
            foreach (var (chain, counts) in type.Chains)
            {
                var with = counts.Failing + counts.Succeeding;
                if (counts.Failing < options.FailureChainMinFailures || (double)with / type.Runs < options.FailureChainMinSupport)
                {
                    continue;
                }

                var lift = (double)counts.Failing / with / baseRate;
                if (lift >= options.FailureChainMinLift && (lift > bestLift || (lift == bestLift && best is not null && CompareChains(toolNames, chain, bestChain) < 0)))
                {
                    bestLift = lift;
                    bestChain = chain;
                    best = counts;
                }
            }

            if (best is null)
            {
                continue;
            }

            var chainText = string.Concat(toolNames[(int)(bestChain >> 32)], " -> ", toolNames[(int)(bestChain & 0xFFFFFFFF)]);
            var metadata = DetectorSupport.Metadata(LogPattern.TaskSubject);
            metadata["chain"] = chainText;
            metadata["lift"] = Statistics.Round(bestLift);
            metadata["support"] = Statistics.Round((double)(best.Failing + best.Succeeding) / type.Runs);
            metadata["failing_with_chain"] = best.Failing;
            metadata["succeeding_with_chain"] = best.Succeeding;
            metadata["runs"] = type.Runs;
            metadata["failure_rate"] = Statistics.Round(baseRate);
            patterns.Add(new LogPattern
            {
                Type = PatternType.InefficientToolChain,
                Subject = LogPattern.TaskSubject,
                Key = taskName,
                Description = Inv($"In task {taskName}, runs with the chain {chainText} fail {bestLift:0.##} times as often as runs overall ({best.Failing} failing, {best.Succeeding} succeeding)."),
                Occurrences = best.Failing,
                ImpactScore = Statistics.Impact(best.Failing, type.Failed.Last, now, 20, options.RecencyHalfLife, Math.Clamp(bestLift / 4, 0.3, 1)),
                FirstSeen = type.Failed.First,
                LastSeen = type.Failed.Last,
                Metadata = metadata,
            });
        }

        return DetectorSupport.SortedPatterns(patterns);
    }

    /// <summary>Orders two chains by their tool names (ordinal, first tool then second), so a tie is broken the same way whatever order the tools were first seen in.</summary>
    private static int CompareChains(IReadOnlyList<string> toolNames, long a, long b)
    {
        var first = string.CompareOrdinal(toolNames[(int)(a >> 32)], toolNames[(int)(b >> 32)]);
        return first != 0 ? first : string.CompareOrdinal(toolNames[(int)(a & 0xFFFFFFFF)], toolNames[(int)(b & 0xFFFFFFFF)]);
    }
}
