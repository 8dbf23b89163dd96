using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// <c>high_cost_operation</c>: per model, calls over <c>HighCostThresholdUsd</c>, total, average and p95 cost. A call
/// without <c>estimated_cost</c> is costed from its tokens and the price table (exact name, else the longest prefix;
/// only <c>total_tokens</c> is priced at the higher of the input and output prices); a model with neither is reported
/// as unpriced, never as free. LLM calls are joined to their task by <c>task_id</c> to learn which models succeed on
/// which task types, so routing is proposed only toward a cheaper priced model the logs show succeeding on the same
/// task types; otherwise the recommendation is for a person.
/// </summary>
internal sealed partial class HighCostDetector : IPatternDetector
{
    public const string DetectorName = "high_cost_operation";
    private const int MaxModelsPerTask = 8;

    public string Name => DetectorName;

    public IPatternDetectorSession CreateSession(AnalysisContext context) => new Session(context);

    internal static (string? Key, ModelPrice? Price) ResolvePrice(IDictionary<string, ModelPrice> prices, string model)
    {
        if (prices.TryGetValue(model, out var exact))
        {
            return (model, exact);
        }

        string? bestKey = null;
        ModelPrice? best = null;
        foreach (var (key, price) in prices)
        {
            if (key.Length > 0 && model.StartsWith(key, StringComparison.Ordinal)
                && (bestKey is null || key.Length > bestKey.Length || (key.Length == bestKey.Length && string.CompareOrdinal(key, bestKey) < 0)))
            {
                bestKey = key;
                best = price;
            }
        }

        return (bestKey, best);
    }

    public IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context)
    {
        if (pattern.Type != PatternType.HighCostOperation)
        {
            yield break;
        }

        var options = context.Options;
        var model = pattern.Key;
        var calls = (long)Recommendations.GetDouble(pattern, "calls", pattern.Occurrences);
        var evidence = new Dictionary<string, object>(StringComparer.Ordinal) { ["calls"] = calls };
        var priority = Statistics.PriorityFromImpact(pattern.ImpactScore);

        if (Recommendations.GetBool(pattern, "unpriced"))
        {
            var (l, u) = Statistics.Wilson(pattern.Occurrences, Math.Max(calls, pattern.Occurrences));
            yield return Recommendations.Create(
                pattern,
                ActionType.ConfigUpdate,
                Inv($"Add a price for model {model}"),
                Inv($"{pattern.Occurrences} calls of the model logged no cost and the price table has no entry for it, so their cost is unknown (not zero)."),
                Priority.Low,
                Statistics.Confidence(pattern.Occurrences, u - l, 0.5),
                RiskLevel.Risky,
                [],
                TargetMetric.None,
                evidence,
                "Unpriced model: add it to AnalysisOptions.ModelPrices; no configuration change is proposed.");
            yield break;
        }

        var expensive = pattern.Occurrences;
        var average = Recommendations.GetDouble(pattern, "avg_cost_usd", 0);
        var (lower, upper) = Statistics.Wilson(expensive, Math.Max(calls, expensive));
        var effect = Statistics.EffectFactor(average / options.HighCostThresholdUsd);
        evidence["expensive_calls"] = expensive;
        evidence["avg_cost_usd"] = average;
        var cheaper = Recommendations.GetString(pattern, "cheaper_model");
        if (cheaper is null || !options.ModelPrices.ContainsKey(cheaper))
        {
            yield return Recommendations.Create(
                pattern,
                ActionType.ModelRouting,
                Inv($"Review the use of the expensive model {model}"),
                Inv($"{expensive} of {calls} calls cost more than {Recommendations.Usd(options.HighCostThresholdUsd)} (average {Recommendations.Usd(average)}). No cheaper priced model is shown succeeding on the same task types, so a person should choose whether to route elsewhere."),
                priority,
                Statistics.Confidence(Math.Max(calls, expensive), upper - lower, effect),
                RiskLevel.Risky,
                [],
                TargetMetric.CostPerCall,
                evidence,
                "No cheaper model with evidence on the same task types: no configuration change is proposed.");
            yield break;
        }

        var minRuns = (long)Recommendations.GetDouble(pattern, "cheaper_model_min_runs", 0);
        var minRate = Recommendations.GetDouble(pattern, "cheaper_model_min_success_rate", 0);
        var changes = new List<ConfigChange>();
        var routed = new List<string>();
        string? reason = null;
        foreach (var task in Recommendations.GetStrings(pattern, "routed_task_types"))
        {
            var path = ConfigPaths.TryBuild(options.ModelRoutingPath, "{task}", task, out var why);
            if (path is null)
            {
                reason = why;
                continue;
            }

            // The old value is the route the configuration holds; a task type already routed to the cheaper model needs nothing.
            var known = Recommendations.TryReadConfig(context, path, out var held);
            if (known && held is string route && string.Equals(route, cheaper, StringComparison.Ordinal))
            {
                continue;
            }

            // The value is the price table's key (from the options), never the model name as logged.
            changes.Add(new ConfigChange { Path = path, OldValue = known ? held : null, NewValue = cheaper });
            routed.Add(task);
        }

        if (changes.Count == 0 && reason is null)
        {
            yield break;
        }

        // Expected saving: this model's spend per week on the routed work times the price gap to the cheaper model.
        var spend = Recommendations.GetDouble(pattern, "total_cost_usd", average * calls);
        var gap = options.ModelPrices.TryGetValue(cheaper, out var cheap) && ResolvePrice(options.ModelPrices, model).Price is { } own && own.InputPerMillion + own.OutputPerMillion > 0
            ? Math.Clamp(1 - ((cheap.InputPerMillion + cheap.OutputPerMillion) / (own.InputPerMillion + own.OutputPerMillion)), 0, 1)
            : 0.5;

        var successes = (long)Math.Round(minRuns * minRate);
        var (sl, su) = Statistics.Wilson(successes, minRuns);
        evidence["cheaper_model"] = cheaper;
        evidence["cheaper_model_min_runs"] = minRuns;
        evidence["cheaper_model_min_success_rate"] = minRate;
        yield return Recommendations.Create(
            pattern,
            ActionType.ModelRouting,
            Inv($"Route tasks from {model} to {cheaper}"),
            Inv($"{expensive} of {calls} calls of {model} cost more than {Recommendations.Usd(options.HighCostThresholdUsd)} (average {Recommendations.Usd(average)}); {cheaper} is cheaper and succeeded in at least {minRate:P0} of at least {minRuns} runs of each of the same task types."),
            priority,
            Math.Round(Math.Min(Statistics.Confidence(minRuns, su - sl, effect), Statistics.Confidence(Math.Max(calls, expensive), upper - lower, effect)), 4),
            RiskLevel.Risky, // routing work to another model can make it fail: a person approves it outside FullAuto
            changes,
            TargetMetric.CostPerTask,
            evidence,
            reason is null ? null : "Some task types are not safe key segments and were left out: " + reason,
            new RecommendationScope { TaskTypes = routed, Models = [model, cheaper] },
            usdSavedPerWeek: Recommendations.PerWeek(context, pattern, spend * gap) * (routed.Count == 0 ? 0 : 1));
    }

    /// <summary>
    /// The rule of <c>high_cost_operation</c> over the models' figures: one analysis's (its session) or a fleet's
    /// merged ones; a model with at least <c>HighCostMinOccurrences</c> calls over the threshold (or as many unpriced
    /// calls and none priced), with the cheapest priced model shown succeeding on all its task types.
    /// </summary>
    internal static List<LogPattern> Patterns(IReadOnlyDictionary<string, ModelCostStats> models, AnalysisOptions options, DateTimeOffset now)
    {
        foreach (var (model, stats) in models)
        {
            stats.Resolve(model, options); // every candidate's price is known before any is compared
        }

        var patterns = new List<LogPattern>();
        foreach (var (model, stats) in models)
        {
            var metadata = DetectorSupport.Metadata(LogPattern.ModelSubject);
            metadata["calls"] = stats.Calls;
            metadata["unpriced_calls"] = stats.Unpriced.Count;
            metadata["threshold_usd"] = options.HighCostThresholdUsd;
            if (stats.PriceKey is not null)
            {
                metadata["price_key"] = stats.PriceKey;
            }

            var taskTypes = new List<string>(stats.ByTaskType.Keys);
            taskTypes.Sort(StringComparer.Ordinal);
            metadata["task_types"] = taskTypes;

            if (stats.Expensive.Count >= options.HighCostMinOccurrences)
            {
                var average = stats.TotalCost / stats.PricedCalls;
                metadata["unpriced"] = false;
                metadata["expensive_calls"] = stats.Expensive.Count;
                metadata["total_cost_usd"] = Statistics.Round(stats.TotalCost, 6);
                metadata["avg_cost_usd"] = Statistics.Round(average, 6);
                metadata["p95_cost_usd"] = Statistics.Round(stats.Costs.Quantile(0.95), 6);
                metadata["max_cost_usd"] = Statistics.Round(stats.Costs.Max, 6);
                AddCheaper(models, model, stats, taskTypes, metadata, options);
                var rate = (double)stats.Expensive.Count / stats.Calls;
                patterns.Add(new LogPattern
                {
                    Type = PatternType.HighCostOperation,
                    Subject = LogPattern.ModelSubject,
                    Key = model,
                    Description = Inv($"Model {model} had {stats.Expensive.Count} calls over {Recommendations.Usd(options.HighCostThresholdUsd)} (total {Recommendations.Usd(Statistics.Round(stats.TotalCost, 4))}, average {Recommendations.Usd(Statistics.Round(average, 4))})."),
                    Occurrences = stats.Expensive.Count,
                    ImpactScore = Statistics.Impact(stats.Expensive.Count, stats.Expensive.Last, now, 50, options.RecencyHalfLife, Math.Clamp(0.4 + (0.6 * rate), 0, 1)),
                    FirstSeen = stats.Expensive.First,
                    LastSeen = stats.Expensive.Last,
                    Metadata = metadata,
                });
            }
            else if (stats.PricedCalls == 0 && stats.Unpriced.Count >= options.HighCostMinOccurrences)
            {
                metadata["unpriced"] = true;
                patterns.Add(new LogPattern
                {
                    Type = PatternType.HighCostOperation,
                    Subject = LogPattern.ModelSubject,
                    Key = model,
                    Description = Inv($"Model {model} had {stats.Unpriced.Count} calls with no logged cost and no price in the table: cost unknown."),
                    Occurrences = stats.Unpriced.Count,
                    ImpactScore = 0.1,
                    FirstSeen = stats.Unpriced.First,
                    LastSeen = stats.Unpriced.Last,
                    Metadata = metadata,
                });
            }
        }

        return DetectorSupport.SortedPatterns(patterns);
    }

    private static void AddCheaper(IReadOnlyDictionary<string, ModelCostStats> models, string model, ModelCostStats stats, List<string> taskTypes, Dictionary<string, object> metadata, AnalysisOptions options)
    {
        if (taskTypes.Count == 0)
        {
            return;
        }

        string? bestKey = null;
        var bestPrice = double.MaxValue;
        long bestMinRuns = 0;
        var bestMinRate = 0.0;
        foreach (var (other, candidate) in models)
        {
            if (ReferenceEquals(candidate, stats) || candidate.PriceKey is null || candidate.Price is null || string.Equals(other, model, StringComparison.Ordinal))
            {
                continue;
            }

            var cheaper = stats.Price is not null
                ? candidate.Price.Blended < stats.Price.Blended
                : candidate.PricedCalls > 0 && stats.PricedCalls > 0 && (candidate.TotalCost / candidate.PricedCalls) < (stats.TotalCost / stats.PricedCalls);
            if (!cheaper || candidate.Price.Blended > bestPrice
                || (candidate.Price.Blended == bestPrice && string.CompareOrdinal(candidate.PriceKey, bestKey) >= 0))
            {
                continue;
            }

            long minRuns = long.MaxValue;
            var minRate = 1.0;
            var ok = true;
            foreach (var task in taskTypes)
            {
                if (!candidate.ByTaskType.TryGetValue(task, out var outcome) || outcome.Runs < options.RoutingMinRuns
                    || (double)outcome.Successes / outcome.Runs < options.RoutingMinSuccessRate)
                {
                    ok = false;
                    break;
                }

                minRuns = Math.Min(minRuns, outcome.Runs);
                minRate = Math.Min(minRate, (double)outcome.Successes / outcome.Runs);
            }

            if (ok)
            {
                bestKey = candidate.PriceKey;
                bestPrice = candidate.Price.Blended;
                bestMinRuns = minRuns;
                bestMinRate = minRate;
            }
        }

        if (bestKey is not null)
        {
            metadata["cheaper_model"] = bestKey;
            metadata["cheaper_model_min_runs"] = bestMinRuns;
            metadata["cheaper_model_min_success_rate"] = Statistics.Round(bestMinRate);
            metadata["routed_task_types"] = new List<string>(taskTypes);
        }
    }
}
