using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Tests.Improvements;

public sealed class ImprovementActionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<ActionType, string, object, object?> BuiltInChanges => new()
    {
        { ActionType.ConfigUpdate, "tasks.timeouts.web_research", 45L, 30L },
        { ActionType.ConfigUpdate, "tools.fetch.timeout", 30.5, 20L },
        { ActionType.ModelRouting, "model_routing.summarize", "gpt-4o-mini", "gpt-4o" },
        { ActionType.ToolStrategy, "tools.search.cache_results", true, null },
        { ActionType.ToolStrategy, "tools.search.deduplicate_calls", true, null },
        { ActionType.ToolStrategy, "tools.fetch.max_retries", 2L, null },
        { ActionType.ErrorHandling, "error_handling.TimeoutError.max_retries", 5, null },
        { ActionType.ErrorHandling, "error_handling.RateLimitError.backoff_seconds", 2.0, null },
    };

    [Theory]
    [MemberData(nameof(BuiltInChanges))]
    public async Task PlanApplyInvert_BuiltInAction_ChangesExactlyThePathAndRollsBackToOriginalBytes(ActionType type, string path, object value, object? expectedOld)
    {
        var store = Store();
        var action = Action(type);
        var recommendation = Recommendation(type, new ConfigChange { Path = path, OldValue = "stale guess", NewValue = value });

        action.Validate(recommendation).Status.Should().Be(ActionValidationStatus.Valid);
        var plan = await action.PlanAsync(recommendation, store);
        plan.Changes.Should().ContainSingle().Which.OldValue.Should().Be(expectedOld, "the old value comes from the configuration, not the recommendation");
        (await action.ApplyAsync(plan, store)).Status.Should().Be(ConfigWriteStatus.Applied);
        (await store.ReadAsync()).TryGetValue(path, out var now).Should().BeTrue();
        now.Should().Be(value is int i ? (long)i : value);

        var inverse = action.Invert(plan.Changes);
        (await store.ApplyAsync(await store.PlanAsync(inverse))).Status.Should().Be(ConfigWriteStatus.Applied);
        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic);
    }

    [Fact]
    public async Task Validate_AdvisoryRecommendation_IsNeverApplied()
    {
        var store = Store();
        var action = Action(ActionType.ConfigUpdate);
        var advisory = Recommendation(ActionType.ConfigUpdate);

        action.Validate(advisory).Status.Should().Be(ActionValidationStatus.Advisory);
        var act = async () => await action.PlanAsync(advisory, store);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*never applied*");
        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic);
    }

    [Theory]
    [InlineData("web.research")]
    [InlineData("web/research")]
    [InlineData("../etc/passwd")]
    [InlineData("web\nresearch")]
    [InlineData("a: b")]
    [InlineData("{x: 1}")]
    [InlineData("*")]
    [InlineData("tâche")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Validate_HostileSubjectName_NeverReachesAPath(string? name)
    {
        name ??= new string('a', 5000);
        var store = Store();
        var action = Action(ActionType.ConfigUpdate);
        var recommendation = Recommendation(ActionType.ConfigUpdate, new ConfigChange { Path = "tasks.timeouts." + name, NewValue = 45L });

        action.Validate(recommendation).Status.Should().Be(ActionValidationStatus.Invalid);
        var plan = async () => await action.PlanAsync(recommendation, store);
        await plan.Should().ThrowAsync<InvalidOperationException>();
        new Guardrails(new GuardrailOptions()).Evaluate(recommendation.Changes[0], []).Check.Should().Be(GuardrailCheck.Path);
        if (!name.Contains('.', StringComparison.Ordinal))
        {
            // A name with dots makes a longer path of safe segments: the store could write it, but no action or guardrail allows it.
            var direct = async () => await store.PlanAsync(recommendation.Changes);
            await direct.Should().ThrowAsync<ArgumentException>();
        }

        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic);
    }

    [Theory]
    [InlineData("model_routing", "tasks.timeouts.web_research", 45L)]
    [InlineData("config_update", "tasks.timeouts.web_research", "45")]
    [InlineData("config_update", "tasks.timeouts.web_research", double.NaN)]
    [InlineData("error_handling", "error_handling.TimeoutError.max_retries", 2.5)]
    [InlineData("tool_strategy", "tools.search.cache_results", "yes")]
    [InlineData("model_routing", "model_routing.summarize", "bad\nmodel")]
    public void Validate_WrongPathOrType_Invalid(string typeName, string path, object value)
    {
        var type = new ActionType(typeName);
        var verdict = Action(type).Validate(Recommendation(type, new ConfigChange { Path = path, NewValue = value }));

        verdict.Status.Should().Be(ActionValidationStatus.Invalid);
        verdict.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Validate_RecommendationOfAnotherType_Invalid()
    {
        var verdict = Action(ActionType.ConfigUpdate).Validate(Recommendation(ActionType.ModelRouting, new ConfigChange { Path = "model_routing.x", NewValue = "m" }));

        verdict.Status.Should().Be(ActionValidationStatus.Invalid);
    }

    [Fact]
    public async Task ApplyAsync_ExternalEditAfterPlan_ConflictAndNothingWritten()
    {
        var store = Store();
        var action = Action(ActionType.ConfigUpdate);
        var plan = await action.PlanAsync(Recommendation(ActionType.ConfigUpdate, new ConfigChange { Path = "tasks.timeouts.web_research", NewValue = 45L }), store);
        File.AppendAllText(store.Path, "# edited by a person\n");

        var result = await action.ApplyAsync(plan, store);

        result.Status.Should().Be(ConfigWriteStatus.Conflict);
        result.Message.Should().Contain("changed since planned");
        File.ReadAllText(store.Path).Should().Be(ConfigFixtures.Realistic + "# edited by a person\n");
    }

    [Fact]
    public async Task Invert_PathChangedSinceApplied_RollbackRefusedAsValueChanged()
    {
        var store = Store();
        var action = Action(ActionType.ConfigUpdate);
        var plan = await action.PlanAsync(Recommendation(ActionType.ConfigUpdate, new ConfigChange { Path = "tasks.timeouts.web_research", NewValue = 45L }), store);
        await action.ApplyAsync(plan, store);
        File.WriteAllText(store.Path, File.ReadAllText(store.Path).Replace("web_research: 45", "web_research: 50", StringComparison.Ordinal));

        var act = async () => await store.PlanAsync(action.Invert(plan.Changes));

        (await act.Should().ThrowAsync<ConfigStoreException>()).Which.Error.Should().Be(ConfigStoreError.ValueChanged);
    }

    [Fact]
    public void Invert_Changes_ReverseOrderRestoreOldOrRemoveNew()
    {
        var inverse = Action(ActionType.ToolStrategy).Invert(
        [
            new ConfigChange { Path = "tools.a.timeout", OldValue = 10L, NewValue = 20L },
            new ConfigChange { Path = "tools.a.deduplicate_calls", OldValue = null, NewValue = true },
        ]);

        inverse.Should().HaveCount(2);
        inverse[0].Should().BeEquivalentTo(new ConfigChange { Path = "tools.a.deduplicate_calls", OldValue = true, NewValue = true, RemoveKey = true });
        inverse[1].Should().BeEquivalentTo(new ConfigChange { Path = "tools.a.timeout", OldValue = 20L, NewValue = 10L });
    }

    private YamlConfigStore Store() =>
        new(new YamlConfigStoreOptions { Path = _folder.WriteBytes("agent.yaml", Encoding.UTF8.GetBytes(ConfigFixtures.Realistic)) });

    private static IImprovementAction Action(ActionType type) => BuiltInActions.Create().Single(a => a.ActionType == type);

    private static ImprovementRecommendation Recommendation(ActionType type, params ConfigChange[] changes) => new()
    {
        Id = "rec-1",
        Title = "t",
        Rationale = "r",
        Priority = Priority.Medium,
        ActionType = type,
        Confidence = 0.9,
        Risk = RiskLevel.Safe,
        PatternFingerprint = "fp",
        PatternType = PatternType.TimeoutPattern,
        Subject = "task",
        Key = "web_research",
        Changes = changes,
    };
}
