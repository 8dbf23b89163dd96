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
    private const int MaxChainsPerTaskType = 512;

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
}
