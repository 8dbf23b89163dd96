using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Improvements;

public sealed class GuardrailsPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Evaluate_AnyNumbers_AllowedOnlyWithinBoundsAndStep() =>
        Prop.ForAll(
            Gen.Choose(-1000, 100_000).Select(i => i / 10.0).ToArbitrary(),
            Gen.Choose(-1000, 100_000).Select(i => i / 10.0).ToArbitrary(),
            (oldValue, newValue) =>
            {
                var verdict = new Guardrails(new GuardrailOptions()).Evaluate(
                    new ConfigChange { Path = "tools.search.timeout", OldValue = oldValue, NewValue = newValue }, []);
                var inBounds = newValue is >= 1 and <= 600;
                var smallStep = oldValue <= 0 || Math.Max(newValue / oldValue, oldValue / newValue) <= 2 + 1e-9;
                return verdict.IsAllowed == (inBounds && smallStep);
            });

    [Fact]
    public void Evaluate_RuleProposingTimesOnePointFiveDailyForAYear_NeverPassesMaxAndStopsForApproval()
    {
        // The runaway-change threat: a rule that raises a timeout by half every day, forever.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero));
        var guardrails = new Guardrails(new GuardrailOptions(), time);
        var history = new List<GuardrailHistoryEntry>();
        var value = 30.0;
        var applied = 0;
        var verdicts = new Dictionary<GuardrailCheck, int>();
        for (var day = 0; day < 365; day++)
        {
            var proposed = Math.Round(value * 1.5, 1);
            var verdict = guardrails.Evaluate(new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = value, NewValue = proposed }, history);
            verdicts[verdict.Check] = verdicts.GetValueOrDefault(verdict.Check) + 1;
            if (verdict.IsAllowed)
            {
                history.Add(new GuardrailHistoryEntry { At = time.GetUtcNow(), OldValue = value, NewValue = proposed });
                value = proposed;
                applied++;
            }

            time.Advance(TimeSpan.FromDays(1));
        }

        value.Should().BeLessThanOrEqualTo(600);
        applied.Should().Be(3, "three same-direction changes, then a person must approve");
        verdicts[GuardrailCheck.SameDirection].Should().Be(362);
    }

    [Fact]
    public void Evaluate_AfterApplyAndRollback_PathIsFrozen()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var history = new[]
        {
            new GuardrailHistoryEntry { At = now.AddDays(-5), OldValue = 30L, NewValue = 45L },
            new GuardrailHistoryEntry { At = now.AddDays(-3), OldValue = 45L, NewValue = 30L, IsRollback = true },
        };

        var verdict = new Guardrails(new GuardrailOptions(), new FakeTimeProvider(now))
            .Evaluate(new ConfigChange { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L }, history);

        verdict.Outcome.Should().Be(GuardrailOutcome.RequiresApproval);
        verdict.Check.Should().Be(GuardrailCheck.Oscillation);
    }
}
