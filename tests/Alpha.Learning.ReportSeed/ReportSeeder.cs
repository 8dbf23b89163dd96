using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

namespace Alpha.Learning.ReportSeed;

/// <summary>
/// Writes what two weeks of a daily feedback loop leave in a learning store, through the public store API only:
/// a cycle a day, patterns found again each cycle (some growing, some fading after an improvement), improvements
/// applied, rolled back after a regression, waiting for approval and failed, their verdicts, success metrics every
/// six hours per subject, and a few correlations. Deterministic for a given end instant.
/// </summary>
public static class ReportSeeder
{
    /// <summary>The number of daily cycles written.</summary>
    public const int Days = 14;

    /// <summary>A pattern key as hostile log text can make it: it must only ever appear encoded in a report.</summary>
    public const string HostileKey = "<script>alert(1)</script>";

    /// <summary>The title of the improvement that is rolled back after a regression.</summary>
    public const string RolledBackTitle = "Route summarize to gpt-4o-mini";

    /// <summary>The metric names written, each with its subjects.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MetricSubjects = new Dictionary<string, string[]>
    {
        ["error_rate"] = ["web_research", "summarize", "code_review"],
        ["timeout_rate"] = ["web_research", "search_api"],
        ["cost_per_call"] = ["gpt-4o", "claude-sonnet", "gpt-4o-mini"],
        ["p95_duration"] = ["search_api", "browser.fetch"],
        ["success_rate"] = ["web_research", "summarize"],
    };

    private sealed record PatternSpec(PatternType Type, string Subject, string Key, string Description, Func<int, double> Occurrences);

    /// <summary>Seeds <paramref name="store"/> with <see cref="Days"/> days ending at <paramref name="end"/>.</summary>
    public static async Task<SeedSummary> SeedAsync(ILearningStore store, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var random = new Random(20261125);
        var start = end.AddDays(-Days);
        const int fixDay = 6; // the timeout fix is applied after the sixth cycle
        const int routeDay = 8; // the model routing change is applied after the eighth and rolled back after the tenth

        PatternSpec[] specs =
        [
            new(PatternType.TimeoutPattern, LogPattern.TaskSubject, "web_research", "Task web_research times out after 30 s", d => d < fixDay ? 40 + (d * 6) : Math.Max(4, 70 - ((d - fixDay) * 14))),
            new(PatternType.RecurringError, LogPattern.ErrorSubject, "TimeoutError: Timeout after <*>s calling search API", "Recurring error from search_api", d => d < fixDay ? 30 + (d * 4) : Math.Max(2, 52 - ((d - fixDay) * 10))),
            new(PatternType.HighCostOperation, LogPattern.ModelSubject, "gpt-4o", "gpt-4o calls average $0.18", d => 120 + (d * 5)),
            new(PatternType.SlowOperation, LogPattern.ToolSubject, "browser.fetch", "browser.fetch p95 12.4 s", d => 25 + (10 * Math.Sin(d / 2.0))),
            new(PatternType.InefficientToolChain, LogPattern.ToolSubject, "search_api", "search_api called 3 times in a row with the same query", d => 15 + (d % 4 * 3)),
            new(PatternType.RecurringError, LogPattern.ErrorSubject, "RateLimitError: 429 Too Many Requests from <*>", "Rate limits from the model provider", d => d is >= routeDay and < routeDay + 3 ? 45 : 8 + (d % 3)),
            new(PatternType.SuccessfulPattern, LogPattern.TaskSubject, "summarize", "summarize succeeds 99% of the time", d => 300 + (d * 12)),
            new(PatternType.RecurringError, LogPattern.ErrorSubject, HostileKey, "An error message with markup in it \"quoted\" & <b>bold</b>", d => 3 + (d % 2)),
        ];

        // Cycles and patterns.
        var patterns = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        for (var day = 0; day < Days; day++)
        {
            var at = start.AddDays(day + 1).AddHours(-22); // 02:00 each day, relative to the end
            var cycle = await store.StartCycleAsync(at, "report-seed", cancellationToken).ConfigureAwait(false);
            var found = new List<LogPattern>();
            foreach (var spec in specs)
            {
                var occurrences = (long)Math.Round(spec.Occurrences(day) * (0.9 + (random.NextDouble() * 0.2)));
                var firstSeen = patterns.TryGetValue(spec.Key, out var first) ? first : at.AddDays(-1);
                patterns[spec.Key] = firstSeen;
                found.Add(new LogPattern
                {
                    Type = spec.Type,
                    Subject = spec.Subject,
                    Key = spec.Key,
                    Description = spec.Description,
                    Occurrences = occurrences,
                    ImpactScore = Math.Round(Math.Min(1, occurrences / 400.0) * 100, 1),
                    FirstSeen = firstSeen,
                    LastSeen = at.AddMinutes(-5),
                    Examples = [spec.Key],
                    Metadata = new Dictionary<string, object> { ["subject"] = spec.Subject },
                });
            }

            await store.StorePatternsAsync(found, cycle.CycleNumber, at.AddMinutes(1), cancellationToken).ConfigureAwait(false);
            await store.FinishCycleAsync(cycle.CycleNumber, CycleRunStatus.Completed, null, null, at.AddMinutes(2), cancellationToken).ConfigureAwait(false);
        }

        // Improvements.
        var timeoutFixAt = start.AddDays(fixDay).AddHours(2).AddMinutes(2);
        var routeAt = start.AddDays(routeDay).AddHours(2).AddMinutes(2);
        var rollbackAt = start.AddDays(routeDay + 2).AddHours(2).AddMinutes(3);
        var improvements = new[]
        {
            Improvement(specs[0], "Raise the web_research timeout to 45 s", ActionType.ConfigUpdate, TargetMetric.TimeoutRate, timeoutFixAt, ImprovementStatus.Applied,
                [new ConfigChange { Path = "tasks.web_research.timeout_seconds", OldValue = 30, NewValue = 45 }], fixDay),
            Improvement(specs[1], "Retry search_api on TimeoutError (2 retries, backoff)", ActionType.ErrorHandling, TargetMetric.ErrorRate, timeoutFixAt.AddMinutes(1), ImprovementStatus.Applied,
                [new ConfigChange { Path = "tools.search_api.retry.max_attempts", OldValue = 1, NewValue = 3 }], fixDay),
            Improvement(specs[2], RolledBackTitle, ActionType.ModelRouting, TargetMetric.CostPerCall, routeAt, ImprovementStatus.Applied,
                [new ConfigChange { Path = "routing.tasks.summarize.model", OldValue = "gpt-4o", NewValue = "gpt-4o-mini" }], routeDay),
            Improvement(specs[4], "Cache search_api results for 10 minutes", ActionType.ToolStrategy, TargetMetric.P95Duration, end.AddDays(-1).AddHours(-22), ImprovementStatus.PendingApproval,
                [new ConfigChange { Path = "tools.search_api.cache_ttl_seconds", OldValue = null, NewValue = 600 }], Days - 1, "risky: waits for approval"),
            Improvement(specs[3], "Lower browser.fetch timeout to 10 s", ActionType.ConfigUpdate, TargetMetric.P95Duration, start.AddDays(4).AddHours(2), ImprovementStatus.Failed,
                [new ConfigChange { Path = "tools.browser.fetch.timeout_seconds", OldValue = 15, NewValue = 10 }], 4, "guardrail: largest step per change is 3 (asked 5)"),
            Improvement(specs[7], "Handle <unknown> errors from " + HostileKey, ActionType.ErrorHandling, TargetMetric.ErrorRate, start.AddDays(11).AddHours(2), ImprovementStatus.DryRun,
                [new ConfigChange { Path = "errors.handlers.unknown.retry", OldValue = false, NewValue = true }], 11, "dry run"),
        };
        await store.StoreImprovementsAsync(improvements, cancellationToken).ConfigureAwait(false);
        await store.UpdateImprovementStatusAsync(improvements[2].Id, ImprovementStatus.RolledBack, ImprovementStatus.Applied, "regressed: error_rate of summarize rose from 1.1% to 6.4%", rollbackAt, cancellationToken).ConfigureAwait(false);
        await store.StoreVerificationAsync(new VerificationResult { ImprovementId = improvements[0].Id, Metric = TargetMetric.TimeoutRate, Verdict = VerificationVerdict.Improved, PValue = 0.0004, Effect = -0.11, BaselineSize = 1840, AfterSize = 1712, At = timeoutFixAt.AddDays(2) }, cancellationToken).ConfigureAwait(false);
        await store.StoreVerificationAsync(new VerificationResult { ImprovementId = improvements[1].Id, Metric = TargetMetric.ErrorRate, Verdict = VerificationVerdict.InsufficientData, BaselineSize = 1840, AfterSize = 95, At = timeoutFixAt.AddDays(1) }, cancellationToken).ConfigureAwait(false);
        await store.StoreVerificationAsync(new VerificationResult { ImprovementId = improvements[1].Id, Metric = TargetMetric.ErrorRate, Verdict = VerificationVerdict.Unchanged, PValue = 0.41, Effect = -0.004, BaselineSize = 1840, AfterSize = 1630, At = timeoutFixAt.AddDays(3) }, cancellationToken).ConfigureAwait(false);
        await store.StoreVerificationAsync(new VerificationResult { ImprovementId = improvements[2].Id, Metric = TargetMetric.CostPerCall, Verdict = VerificationVerdict.Regressed, PValue = 0.002, Effect = 0.053, BaselineSize = 2210, AfterSize = 1988, At = rollbackAt.AddMinutes(-1) }, cancellationToken).ConfigureAwait(false);

        // Metrics every six hours per subject.
        var metrics = new List<SuccessMetric>();
        for (var step = 0; step <= Days * 4; step++)
        {
            var at = start.AddHours(step * 6);
            var day = step / 4.0;
            var afterFix = day >= fixDay;
            var routed = day >= routeDay && day < routeDay + 2;
            foreach (var (name, subjects) in MetricSubjects)
            {
                for (var s = 0; s < subjects.Length; s++)
                {
                    var noise = 0.85 + (random.NextDouble() * 0.3);
                    var value = name switch
                    {
                        "error_rate" => (s == 0 ? (afterFix ? 0.03 : 0.09) : s == 1 ? (routed ? 0.064 : 0.011) : 0.02) * noise,
                        "timeout_rate" => (afterFix ? 0.02 : 0.12 - (s * 0.05)) * noise,
                        "cost_per_call" => (s == 0 ? 0.18 : s == 1 ? 0.12 : 0.011) * (routed && s == 0 ? 0.7 : 1) * noise,
                        "p95_duration" => (s == 0 ? (afterFix ? 6.5 : 11.8) : 12.4 + (3 * Math.Sin(day))) * noise,
                        _ => Math.Min(1, (s == 0 ? (afterFix ? 0.95 : 0.86) : routed ? 0.93 : 0.985) * (0.98 + (random.NextDouble() * 0.04))),
                    };
                    metrics.Add(new SuccessMetric { Name = name, Subject = subjects[s], Value = Math.Round(value, 5), Timestamp = at });
                }
            }
        }

        await store.StoreMetricsAsync(metrics, cancellationToken).ConfigureAwait(false);
        await store.StoreCorrelationsAsync(
        [
            new Correlation { Type = "error_cooccurrence", Source = "search_api", Target = "web_research", Score = 0.83, SampleSize = 1840, CreatedAt = end.AddDays(-2) },
            new Correlation { Type = "cost_vs_success", Source = "gpt-4o-mini", Target = "summarize", Score = -0.41, SampleSize = 988, CreatedAt = end.AddDays(-3) },
        ], cancellationToken).ConfigureAwait(false);
        return new SeedSummary(Days, specs.Length, improvements.Length, metrics.Count);
    }

    private static ImprovementRecord Improvement(PatternSpec spec, string title, ActionType action, TargetMetric metric, DateTimeOffset at, ImprovementStatus status, ConfigChange[] changes, long cycle, string? reason = null) => new()
    {
        Id = string.Concat("imp-", LogPattern.ComputeFingerprint(spec.Type, spec.Subject, spec.Key), "-", EnumNames.ToName(action)),
        RecommendationId = string.Concat("rec-", LogPattern.ComputeFingerprint(spec.Type, spec.Subject, title)),
        PatternFingerprint = LogPattern.ComputeFingerprint(spec.Type, spec.Subject, spec.Key),
        PatternType = spec.Type,
        Title = title,
        ActionType = action,
        Risk = action == ActionType.ModelRouting || action == ActionType.ToolStrategy ? RiskLevel.Risky : RiskLevel.Safe,
        Priority = Priority.High,
        Confidence = 0.8,
        TargetMetric = metric,
        Subject = spec.Subject,
        Key = spec.Key,
        Changes = changes,
        Status = status,
        CreatedAt = at.AddMinutes(-1),
        AppliedAt = status == ImprovementStatus.Applied ? at : null,
        StatusChangedAt = at,
        CycleNumber = cycle,
        Reason = reason,
    };
}
