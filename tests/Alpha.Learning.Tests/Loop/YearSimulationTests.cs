using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Loop;

/// <summary>
/// A simulated year of daily cycles in FullAuto over drifting and adversarial signals: after every cycle the
/// config, the store and the guardrail rules are checked against the safety invariants of SAFETY.md.
/// </summary>
public sealed class YearSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunCycleAsync_SimulatedYearOfDriftingAndAdversarialSignals_KeepsEveryInvariant()
    {
        var figures = await YearSimulation.RunAsync(days: 365, seed: 20261120);

        output.WriteLine(figures.ToString());
        figures.Cycles.Should().BeGreaterThanOrEqualTo(365);
        figures.Failed.Should().Be(0);
        figures.Applied.Should().BeGreaterThan(5, "the simulation must exercise real applies");
        figures.RefusedByGuardrails.Should().BeGreaterThan(0);
        figures.QuotaRefusals.Should().BeGreaterThan(0, "the daily quota must bind at least once");
        figures.RolledBack.Should().BeGreaterThan(0);
        figures.FrozenPaths.Should().BeGreaterThan(0);
        figures.DropsToManual.Should().BeGreaterThan(0, "the rollback cap must be reached at least once");
    }

    [Fact]
    public async Task RunCycleAsync_ThreeSimulatedYearsWhenLongTestsAreOn_KeepsEveryInvariant()
    {
        if (Environment.GetEnvironmentVariable("ALPHA_LONG_TESTS") != "1")
        {
            return;
        }

        var figures = await YearSimulation.RunAsync(days: 3 * 365, seed: 7);

        output.WriteLine(figures.ToString());
        figures.Failed.Should().Be(0);
        figures.Applied.Should().BeGreaterThan(0);
    }
}
