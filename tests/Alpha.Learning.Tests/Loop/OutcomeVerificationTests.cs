using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;

namespace Alpha.Learning.Tests.Loop;

/// <summary>
/// Regression tests for the "Why" of issue 13, one behaviour each: judged on the agent's outcomes in the change's scope,
/// credited to the model that served the task, windows that never mix two changes, the order of changes.
/// </summary>
public sealed class OutcomeVerificationTests
{
    private static readonly DateTimeOffset Split = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Why 1: the logs credited the cheap model with a task type only through one small auxiliary call in every task.</summary>
    [Fact]
    public void Observe_TaskWithASmallAuxiliaryCallOfAnotherModel_CreditsTheModelWithMostTokens()
    {
        var target = Target(new RecommendationScope { Models = ["small-model"] });
        var collector = new TaskOutcomeCollector(new AnalysisOptions(), [target]);

        foreach (var e in Tasks("summarize", Split.AddDays(-2), 80, success: _ => true, models: [("big-model", 4200), ("small-model", 150)]))
        {
            collector.Observe(e);
        }

        target.Before.Tasks.Should().Be(0, "the tasks were served by the model with most tokens, not by the one making an auxiliary call");
        target.OutsideBefore.Tasks.Should().Be(80);
    }

    /// <summary>Why 1: a routing change was judged on the routed-away model's cost per call (no calls after it: insufficient data forever).</summary>
    [Fact]
    public void Judge_RoutingThatLowersTheRoutedTaskTypesSuccess_IsRegressedOnTheNewModelsTasks()
    {
        var target = Target(new RecommendationScope { TaskTypes = ["summarize"], Models = ["big-model", "small-model"] }, ActionType.ModelRouting, RiskLevel.Risky);
        var collector = new TaskOutcomeCollector(new AnalysisOptions(), [target]);
        foreach (var e in Tasks("summarize", Split.AddDays(-3), 200, i => i % 20 != 0, [("big-model", 4200)])
            .Concat(Tasks("summarize", Split.AddMinutes(1), 200, i => i % 5 < 3, [("small-model", 4200)])))
        {
            collector.Observe(e);
        }

        var verdict = OutcomeVerifier.Judge(target, target.Before, new FeedbackLoopOptions(), pastDeadline: false);

        verdict.Value.Should().Be(VerificationVerdict.Regressed, verdict.Details);
        verdict.After.Should().Be(200, "the routed task type's runs after the change are served by the new model and count");
    }

    /// <summary>Why 2: capping re-attempts of a failing tool raised the per-call p95 latency (fast failures gone) and was rolled back.</summary>
    [Fact]
    public void Judge_RetryCapThatRaisesPerCallLatencyButCutsCostPerTask_IsImproved()
    {
        var target = Target(new RecommendationScope { TaskTypes = ["lookup"], Tools = ["db_lookup"] }, ActionType.ToolStrategy, RiskLevel.Risky);
        var collector = new TaskOutcomeCollector(new AnalysisOptions(), [target]);
        foreach (var e in Lookups(Split.AddDays(-4), 500, failedAttempts: 4).Concat(Lookups(Split.AddMinutes(1), 500, failedAttempts: 1)))
        {
            collector.Observe(e);
        }

        var verdict = OutcomeVerifier.Judge(target, target.Before, new FeedbackLoopOptions(), pastDeadline: false);

        verdict.Value.Should().Be(VerificationVerdict.Improved, verdict.Details);
        verdict.Details.Should().Contain("cost per task in scope fell");
    }

    /// <summary>
    /// Why 3: a timeout raise was credited with the improvement that another change in its scope, rolled back in the same
    /// cycle, had caused: the time that other change was in effect must be in neither window.
    /// </summary>
    [Fact]
    public void For_OtherChangeInScopeRolledBackJustAfterThisOneWasApplied_LeavesItsTimeOutOfBothWindows()
    {
        var scope = new RecommendationScope { TaskTypes = ["web_research"] };
        var harmful = new ScopedChange("harmful", new RecommendationScope { TaskTypes = ["web_research"], Models = ["small-model"] }, Split.AddDays(-3), Split.AddMinutes(2));
        var elsewhere = new ScopedChange("elsewhere", new RecommendationScope { TaskTypes = ["report"] }, Split.AddDays(-1), null);

        var (from, to, excluded) = OutcomeWindows.For("timeout", Split, scope, [harmful, elsewhere]);

        from.Should().BeNull("a change outside the scope does not cut the windows");
        to.Should().BeNull("a rolled-back change must not end the after-window (it would stay empty for ever)");
        excluded.Should().Equal([(Split.AddDays(-3), Split.AddMinutes(2))]);

        // The runs during the harmful change (all failing) do not count on either side.
        var target = new OutcomeTarget(Record("timeout", ActionType.ConfigUpdate, RiskLevel.Safe), scope, Split, from, to, excluded);
        var collector = new TaskOutcomeCollector(new AnalysisOptions(), [target]);
        foreach (var e in Tasks("web_research", Split.AddDays(-6), 100, i => i % 10 != 0, [("big-model", 1000)])
            .Concat(Tasks("web_research", Split.AddDays(-3), 100, _ => false, [("big-model", 1000)]))
            .Concat(Tasks("web_research", Split.AddMinutes(3), 100, i => i % 10 != 0, [("big-model", 1000)])))
        {
            collector.Observe(e);
        }

        target.Before.Tasks.Should().Be(100);
        target.Before.SuccessRate.Should().Be(0.9);
        OutcomeVerifier.Judge(target, target.Before, new FeedbackLoopOptions(), pastDeadline: false).Value
            .Should().NotBe(VerificationVerdict.Improved, "the timeout raise changed nothing; the removal of the other change is not its credit");
    }

    /// <summary>Why 4 (the other half is the restart test): inconclusive is not a pass, and a risky change is not kept at the deadline.</summary>
    [Fact]
    public void Judge_RiskyChangeWithTooFewRunsInScopeAtTheDeadline_IsInconclusiveNotInsufficientData()
    {
        var target = Target(new RecommendationScope { TaskTypes = ["rare"] }, ActionType.ModelRouting, RiskLevel.Risky);
        var collector = new TaskOutcomeCollector(new AnalysisOptions(), [target]);
        foreach (var e in Tasks("rare", Split.AddDays(-7), 10, _ => true, [("big-model", 100)]).Concat(Tasks("rare", Split.AddMinutes(1), 10, _ => true, [("small-model", 100)])))
        {
            collector.Observe(e);
        }

        OutcomeVerifier.Judge(target, target.Before, new FeedbackLoopOptions(), pastDeadline: false).Value.Should().Be(VerificationVerdict.InsufficientData);
        OutcomeVerifier.Judge(target, target.Before, new FeedbackLoopOptions(), pastDeadline: true).Value.Should().Be(VerificationVerdict.Inconclusive);
    }

    private static OutcomeTarget Target(RecommendationScope scope, ActionType? action = null, RiskLevel risk = RiskLevel.Safe) =>
        new(Record("change", action ?? ActionType.ConfigUpdate, risk), scope, Split, null, null);

    private static ImprovementRecord Record(string id, ActionType action, RiskLevel risk) => new()
    {
        Id = id,
        RecommendationId = "rec-" + id,
        PatternFingerprint = "fp-" + id,
        PatternType = PatternType.SlowOperation,
        Title = id,
        ActionType = action,
        Risk = risk,
        CreatedAt = Split.AddDays(-1),
        AppliedAt = Split,
    };

    /// <summary>Task runs, 20 minutes apart, each with LLM calls of the given models and token counts.</summary>
    private static IEnumerable<ExecutionEvent> Tasks(string task, DateTimeOffset start, int count, Func<int, bool> success, (string Model, long Tokens)[] models)
    {
        for (var i = 0; i < count; i++)
        {
            var t = start.AddMinutes(20 * i);
            var id = $"{task}-{start.UtcTicks}-{i}";
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = task };
            foreach (var (model, tokens) in models)
            {
                yield return new ExecutionEvent { Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = t.AddSeconds(1), TaskId = id, Model = model, TotalTokens = tokens, EstimatedCost = tokens * 1e-6 };
            }

            var ok = success(i);
            yield return new ExecutionEvent { Kind = ok ? ExecutionEventKind.TaskComplete : ExecutionEventKind.TaskError, EventName = ok ? "task_complete" : "task_error", Timestamp = t.AddSeconds(5), TaskId = id, TaskName = task, Duration = 5, ErrorType = ok ? null : "TaskFailed" };
        }
    }

    /// <summary>Lookups that fail fast on 1 run in 8 (a broken key: every attempt fails in 0.05 s, each attempt planned again by an LLM call), succeeding in 0.8 s otherwise.</summary>
    private static IEnumerable<ExecutionEvent> Lookups(DateTimeOffset start, int count, int failedAttempts)
    {
        for (var i = 0; i < count; i++)
        {
            var t = start.AddMinutes(10 * i);
            var id = $"lookup-{start.UtcTicks}-{i}";
            var broken = i % 8 == 0;
            var attempts = broken ? failedAttempts : 1;
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "lookup" };
            for (var a = 0; a < attempts; a++)
            {
                yield return new ExecutionEvent { Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = t.AddSeconds(a), TaskId = id, Model = "small-model", TotalTokens = 2500, EstimatedCost = 0.0015 };
                yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t.AddSeconds(a + 0.5), TaskId = id, ToolName = "db_lookup", Duration = broken ? 0.05 : 0.8, Success = !broken };
            }

            var seconds = broken ? attempts * 1.0 : 1.8;
            yield return new ExecutionEvent { Kind = broken ? ExecutionEventKind.TaskError : ExecutionEventKind.TaskComplete, EventName = broken ? "task_error" : "task_complete", Timestamp = t.AddSeconds(seconds), TaskId = id, TaskName = "lookup", Duration = seconds, ErrorType = broken ? "LookupError" : null };
        }
    }
}
