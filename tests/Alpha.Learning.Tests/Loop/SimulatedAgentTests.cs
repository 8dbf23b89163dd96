using System.Globalization;

using Alpha.Learning.SimulatedAgent;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Loop;

/// <summary>
/// The loop against a simulated agent whose outcomes depend on its config, on the same task stream as loop-off and
/// the hand-applied reference: the loop must help, never hurt, and catch what harms.
/// </summary>
public sealed class SimulatedAgentTests(ITestOutputHelper output)
{
    /// <summary>The default world and world 4242; <c>ALPHA_SIM_SEEDS</c> (for example <c>1-20</c>) runs those generated worlds instead.</summary>
    public static TheoryData<int> Worlds
    {
        get
        {
            var data = new TheoryData<int>();
            if (Environment.GetEnvironmentVariable("ALPHA_SIM_SEEDS") is { Length: > 0 } range && range.Split('-') is [var a, var b])
            {
                for (var s = int.Parse(a, CultureInfo.InvariantCulture); s <= int.Parse(b, CultureInfo.InvariantCulture); s++)
                {
                    data.Add(s);
                }

                return data;
            }

            data.Add(0);
            data.Add(4242);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Worlds))]
    public async Task RunAllAsync_EightWeeks_LoopReachesTheReferenceGainAndCatchesHarm(int seed)
    {
        var spec = seed == 0 ? WorldSpec.Default : WorldSpec.Generate(seed);
        using var folder = new TempFolder();

        var result = await AgentSimulation.RunAllAsync(spec, weeks: 8, folder.Path);

        var markdown = result.ToMarkdown();
        output.WriteLine(markdown);
        if (Environment.GetEnvironmentVariable("ALPHA_WRITE_SIM_RESULTS") is { Length: > 0 } target)
        {
            Directory.CreateDirectory(target);
            await File.WriteAllTextAsync(Path.Combine(target, seed == 0 ? "RESULTS.md" : $"RESULTS-world-{seed}.md"), "# Simulated agent: 8 weeks, every arm\n\n" + markdown);
            var summary = Path.Combine(target, "RESULTS-seeds.md");
            if (!File.Exists(summary))
            {
                await File.WriteAllTextAsync(summary, "# Simulated agent: many generated worlds (8 weeks, success after week 1)\n\n" + SimulationResult.SummaryHeader);
            }

            await File.AppendAllTextAsync(summary, result.SummaryRow());
        }

        result.ShareOfReferenceGain(SimulationArm.FullAuto).Should().BeGreaterThanOrEqualTo(0.8);
        result.ShareOfReferenceGain(SimulationArm.SemiAuto).Should().BeGreaterThanOrEqualTo(0.5);
        result.WeeksWorseThanLoopOff(SimulationArm.FullAuto).Should().BeEmpty();
        result.WeeksWorseThanLoopOff(SimulationArm.SemiAuto).Should().BeEmpty();
        foreach (var arm in new[] { SimulationArm.Manual, SimulationArm.SemiAuto, SimulationArm.FullAuto })
        {
            var r = result.Arms[arm];
            r.ConfigViolations.Should().Be(0, "{0}", arm);
            r.BeneficialRolledBack.Should().Be(0, "{0} must not roll back a beneficial change", arm);
            r.Harmful.Where(h => h.RemovedDay is null || h.DaysStayed(r.LastDay) > (arm == SimulationArm.Manual ? 8 : 2))
                .Should().BeEmpty("{0}: every harmful change is rolled back within a cycle of having data (a week in Manual, where a person acts weekly)", arm);
        }
    }
}
