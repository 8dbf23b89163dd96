using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Improvements;

public sealed class GuardrailsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    [Theory]
    [InlineData("tasks.timeouts.web_research", 30L, 45L, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tasks.timeouts.web_research", 30L, 60.0, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tasks.timeouts.web_research", 30L, 61L, GuardrailOutcome.Refused, GuardrailCheck.Step)]
    [InlineData("tasks.timeouts.web_research", 30L, 14L, GuardrailOutcome.Refused, GuardrailCheck.Step)]
    [InlineData("tasks.timeouts.web_research", 400L, 601L, GuardrailOutcome.Refused, GuardrailCheck.Maximum)]
    [InlineData("tasks.timeouts.web_research", 1L, 0.5, GuardrailOutcome.Refused, GuardrailCheck.Minimum)]
    [InlineData("tasks.timeouts.web_research", 30L, "fast", GuardrailOutcome.Refused, GuardrailCheck.ValueType)]
    [InlineData("tasks.timeouts.web_research", null, 45L, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tools.search.timeout", 10L, 20L, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tools.search.cache_results", false, true, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tools.search.cache_results", false, "yes", GuardrailOutcome.Refused, GuardrailCheck.ValueType)]
    [InlineData("tools.search.max_retries", null, 3L, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tools.search.deduplicate_calls", null, true, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("model_routing.summarize", "gpt-4o", "gpt-4o-mini", GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("model_routing.summarize", "gpt-4o", "x; rm -rf /", GuardrailOutcome.Refused, GuardrailCheck.AllowedValues)]
    [InlineData("model_routing.summarize", "gpt-4o", 5L, GuardrailOutcome.Refused, GuardrailCheck.ValueType)]
    [InlineData("error_handling.TimeoutError.max_retries", 3L, 5L, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("error_handling.TimeoutError.max_retries", 3L, 2.5, GuardrailOutcome.Refused, GuardrailCheck.ValueType)]
    [InlineData("error_handling.TimeoutError.max_retries", 3L, 11L, GuardrailOutcome.Refused, GuardrailCheck.Maximum)]
    [InlineData("error_handling.TimeoutError.backoff_seconds", 1.5, 3.0, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    [InlineData("tasks.concurrency", 4L, 8L, GuardrailOutcome.Refused, GuardrailCheck.Path)]
    [InlineData("tasks.timeouts.a.b", 4L, 8L, GuardrailOutcome.Refused, GuardrailCheck.Path)]
    [InlineData("tasks.timeouts.a/b", 4L, 8L, GuardrailOutcome.Refused, GuardrailCheck.Path)]
    [InlineData("tasks.timeouts.a\nb", 4L, 8L, GuardrailOutcome.Refused, GuardrailCheck.Path)]
    [InlineData("tasks.timeouts.tâche", 4L, 8L, GuardrailOutcome.Refused, GuardrailCheck.Path)]
    [InlineData("tasks.timeouts.{x: 1}", 4L, 8L, GuardrailOutcome.Refused, GuardrailCheck.Path)]
    public void Evaluate_DefaultRules_DecideAsTable(string path, object? oldValue, object newValue, GuardrailOutcome outcome, GuardrailCheck check)
    {
        var verdict = Guardrails().Evaluate(new ConfigChange { Path = path, OldValue = oldValue, NewValue = newValue }, []);

        verdict.Outcome.Should().Be(outcome, verdict.Reason);
        verdict.Check.Should().Be(check);
        verdict.Reason.Should().NotBeNullOrWhiteSpace();
        if (check is not GuardrailCheck.Path and not GuardrailCheck.None)
        {
            verdict.Rule.Should().NotBeNull();
            verdict.Reason.Should().Contain(verdict.Rule!.Pattern);
        }
    }

    [Fact]
    public void Evaluate_PathOf5000Characters_RefusedAsPath()
    {
        var verdict = Guardrails().Evaluate(new ConfigChange { Path = "tasks.timeouts." + new string('a', 5000), NewValue = 30L }, []);

        verdict.Check.Should().Be(GuardrailCheck.Path);
        verdict.Reason.Length.Should().BeLessThan(400);
    }

    [Theory]
    [InlineData(1, GuardrailOutcome.Refused, GuardrailCheck.Cooldown)]
    [InlineData(23, GuardrailOutcome.Refused, GuardrailCheck.Cooldown)]
    [InlineData(25, GuardrailOutcome.Allowed, GuardrailCheck.None)]
    public void Evaluate_RecentChange_CooldownApplies(int hoursAgo, GuardrailOutcome outcome, GuardrailCheck check)
    {
        var history = new[] { Entry(hoursAgo, 20L, 30L) };

        var verdict = Guardrails().Evaluate(Change(30L, 45L), history);

        verdict.Outcome.Should().Be(outcome);
        verdict.Check.Should().Be(check);
    }

    [Fact]
    public void Evaluate_ThreeIncreasesInARow_FourthNeedsApprovalButDecreaseAllowed()
    {
        var history = new[] { Entry(24 * 9, 10L, 15L), Entry(24 * 6, 15L, 20L), Entry(24 * 3, 20L, 30L) };

        Guardrails().Evaluate(Change(30L, 45L), history).Should().Match<GuardrailVerdict>(v => v.Outcome == GuardrailOutcome.RequiresApproval && v.Check == GuardrailCheck.SameDirection);
        Guardrails().Evaluate(Change(30L, 25L), history).Outcome.Should().Be(GuardrailOutcome.Allowed);
    }

    [Fact]
    public void Evaluate_PathThatOscillated_IsFrozen()
    {
        var history = new[] { Entry(24 * 6, 30L, 60L), Entry(24 * 3, 60L, 30L) };

        var verdict = Guardrails().Evaluate(Change(30L, 45L), history);

        verdict.Outcome.Should().Be(GuardrailOutcome.RequiresApproval);
        verdict.Check.Should().Be(GuardrailCheck.Oscillation);
        verdict.Reason.Should().Contain("frozen");
    }

    [Fact]
    public void Evaluate_ChangeUndoingTheLastOne_IsAnOscillation()
    {
        var history = new[] { Entry(24 * 3, 30L, 60L) };

        var verdict = Guardrails().Evaluate(Change(60L, 30L), history);

        verdict.Check.Should().Be(GuardrailCheck.Oscillation);
    }

    [Fact]
    public void Evaluate_OscillationOlderThanHistoryWindow_Ignored()
    {
        var history = new[] { Entry(24 * 60, 30L, 60L), Entry(24 * 50, 60L, 30L) };

        Guardrails().Evaluate(Change(30L, 45L), history).Outcome.Should().Be(GuardrailOutcome.Allowed);
    }

    [Fact]
    public void Evaluate_RemovalOfAKey_Refused()
    {
        var verdict = Guardrails().Evaluate(new ConfigChange { Path = "tools.search.deduplicate_calls", OldValue = true, NewValue = true, RemoveKey = true }, []);

        verdict.Check.Should().Be(GuardrailCheck.ValueType);
    }

    [Fact]
    public void Evaluate_HostRuleBeforeDefaults_Decides()
    {
        var options = new GuardrailOptions { Rules = [new GuardrailRule { Pattern = "tasks.timeouts.*", Min = 1, Max = 60 }] };

        new Guardrails(options, _time).Evaluate(Change(50L, 90L), []).Check.Should().Be(GuardrailCheck.Maximum);
    }

    [Fact]
    public void Evaluate_DefaultsDisabled_NothingAllowed()
    {
        var verdict = new Guardrails(new GuardrailOptions { UseDefaultRules = false }, _time).Evaluate(Change(30L, 45L), []);

        verdict.Check.Should().Be(GuardrailCheck.Path);
    }

    [Theory]
    [InlineData("tasks..x")]
    [InlineData("tasks.time outs")]
    [InlineData("**")]
    public void Constructor_BadPattern_Throws(string pattern)
    {
        var act = () => new Guardrails(new GuardrailOptions { Rules = [new GuardrailRule { Pattern = pattern }] });

        act.Should().Throw<ArgumentException>().WithMessage("*pattern*");
    }

    [Fact]
    public void CreateDefaultRules_CoverExactlyTheBuiltInPaths()
    {
        GuardrailOptions.CreateDefaultRules().Select(r => r.Pattern).Should().BeEquivalentTo(
        [
            "tasks.timeouts.*", "tools.*.timeout", "tools.*.cache_results", "tools.*.max_retries", "tools.*.deduplicate_calls",
            "model_routing.*", "error_handling.*.max_retries", "error_handling.*.backoff_seconds",
        ]);
    }

    private Guardrails Guardrails() => new(new GuardrailOptions(), _time);

    private static ConfigChange Change(object? oldValue, object newValue) =>
        new() { Path = "tasks.timeouts.web_research", OldValue = oldValue, NewValue = newValue };

    private static GuardrailHistoryEntry Entry(int hoursAgo, object? oldValue, object? newValue) =>
        new() { At = Now.AddHours(-hoursAgo), OldValue = oldValue, NewValue = newValue };
}
