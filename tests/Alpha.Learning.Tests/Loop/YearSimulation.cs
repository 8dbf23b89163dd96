using System.Diagnostics;

using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Tests.Loop;

/// <summary>Runs the simulated calendar and checks the invariants after each cycle.</summary>
internal static partial class YearSimulation
{
    public const int MaxDaily = 2;
    public const int MaxRollbacks = 3;

    public const string InitialConfig =
        "# agent config: written by a person; the loop must keep these comments\n" +
        "tools:\n" +
        "  web_search:\n" +
        "    timeout: 10   # seconds\n" +
        "  calculator:\n" +
        "    enabled: true # not a guarded path\n" +
        "# end of tools\n";

    /// <summary>Names crafted to steer a change; each holds the marker <c>EVIL</c>, which must never reach the config.</summary>
    private static readonly string[] Hostile =
    [
        "../../EVIL/passwd",
        "EVIL.web_search.timeout",
        "tools/EVIL",
        "EVIL\ny: 1",
        "EVIL" + new string('a', 5000),
        "{EVIL: 1}",
        "EVIL: value # comment",
        "&EVIL",
        "*EVIL",
        "!!python/object:os.system EVIL",
        "web_search\n    timeout: 9999 # EVIL",
        "- EVIL",
        "\"EVIL\"",
        "EVIL\ttab",
        "EVIL\u2028line",
    ];

    private static readonly (int From, int To)[] Adversarial = [(60, 110), (180, 230), (290, 330)];

    public static void ConfigureGuardrails(GuardrailOptions g)
    {
        // Host rules first: tighter than the built-in ones, so bounds, steps and cooldowns bind within a year.
        g.Rules.Add(new GuardrailRule { Pattern = "tools.*.timeout", ValueType = GuardrailValueType.Number, Min = 1, Max = 60, MaxStepFactor = 2, Cooldown = TimeSpan.FromDays(3), MaxSameDirectionChanges = 2 });
        g.Rules.Add(new GuardrailRule { Pattern = "tasks.timeouts.*", ValueType = GuardrailValueType.Number, Min = 1, Max = 120, MaxStepFactor = 2, Cooldown = TimeSpan.FromDays(2), MaxSameDirectionChanges = 2 });
    }

    public static async Task<SimulationFigures> RunAsync(int days, int seed)
    {
        var clock = Stopwatch.StartNew();
        var figures = new SimulationFigures { Days = days };
        var guardrailOptions = new GuardrailOptions();
        ConfigureGuardrails(guardrailOptions);
        await using var fixture = new LoopFixture(
            o =>
            {
                o.Loop.Mode = FeedbackLoopMode.FullAuto;
                o.Loop.MaxDailyImprovements = MaxDaily;
                o.Loop.MaxChangesPerCycle = 4;
                o.Loop.MaxConsecutiveRollbacks = MaxRollbacks;
                o.Loop.MinVerificationSamples = 20;
                o.Loop.MinConfidence = 0.5;
                ConfigureGuardrails(o.Guardrails);
            },
            InitialConfig);
        var guardrails = new Guardrails(guardrailOptions, fixture.Time);
        var random = new Random(seed);
        var consecutive = 0;
        DateTimeOffset? manualSince = null;

        // A week of history before the first cycle, so the first baselines are not one day thin.
        for (var day = -6; day <= 0; day++)
        {
            var warmUp = Day(day, fixture.Time.GetUtcNow().AddDays(day - 1), 1.0, ReadConfig(InitialConfig), random).ToList();
            figures.EventsAdded += warmUp.Count;
            fixture.Logs.Add(warmUp);
        }

        for (var day = 1; day <= days; day++)
        {
            var cycles = day % 7 == 0 ? 2 : 1;
            for (var c = 0; c < cycles; c++)
            {
                var now = fixture.Time.GetUtcNow();
                var config = ReadConfig(fixture.ConfigText);
                var events = Day(day, now - (c == 0 ? TimeSpan.FromDays(1) : TimeSpan.FromHours(6)), c == 0 ? 1.0 : 0.25, config, random).ToList();
                figures.EventsAdded += events.Count;
                fixture.Logs.Add(events);
                fixture.Logs.RemoveBefore(now.AddDays(-10));

                // A person resets the loop some days after it dropped to Manual.
                if (manualSince is { } since && now - since >= TimeSpan.FromDays(5))
                {
                    await fixture.Loop.ResetModeAsync();
                    manualSince = null;
                    consecutive = 0;
                }

                var report = await fixture.Loop.RunCycleAsync();
                figures.Cycles++;
                Tally(report, figures);

                // The rollback cap, replayed from the reports in the order the loop handled the verdicts.
                var wasManual = manualSince is not null;
                foreach (var v in report.Verifications)
                {
                    if (v.Action == "rolled_back")
                    {
                        consecutive++;
                        wasManual.Should().BeFalse("no automatic rollback may happen in Manual mode (cycle {0})", report.CycleNumber);
                    }
                    else if (v.Verdict is "improved" or "unchanged")
                    {
                        consecutive = 0;
                    }

                    consecutive.Should().BeLessThanOrEqualTo(MaxRollbacks, "automatic rollbacks in a row are capped (cycle {0})", report.CycleNumber);
                    figures.MaxConsecutiveRollbacksSeen = Math.Max(figures.MaxConsecutiveRollbacksSeen, consecutive);
                }

                if (consecutive >= MaxRollbacks && manualSince is null)
                {
                    fixture.Loop.GetStatus().Mode.Should().Be(FeedbackLoopMode.Manual, "the cap was reached in cycle {0}", report.CycleNumber);
                    report.Reason.Should().Contain("Manual mode");
                    manualSince = now;
                    figures.DropsToManual++;
                }

                if (wasManual)
                {
                    report.Mode.Should().Be(FeedbackLoopMode.Manual);
                    report.Count("applied").Should().Be(0, "nothing is applied in Manual mode (cycle {0})", report.CycleNumber);
                    figures.ManualCycles++;
                }

                await CheckInvariantsAsync(fixture, guardrails, guardrailOptions, report, figures);
                fixture.Time.Advance(c == 0 && cycles == 2 ? TimeSpan.FromHours(6) : (cycles == 2 ? TimeSpan.FromHours(18) : TimeSpan.FromDays(1)));
            }
        }

        figures.FrozenPaths = (await FrozenPathsAsync(fixture.Store)).Count;
        figures.Runtime = clock.Elapsed;
        return figures;
    }

    private static void Tally(CycleReport report, SimulationFigures figures)
    {
        report.Status.Should().NotBe(CycleStatus.Skipped);
        if (report.Status == CycleStatus.Failed)
        {
            figures.Failed++;
        }

        foreach (var item in report.Improvements)
        {
            switch (item.Action)
            {
                case "applied":
                    figures.Applied++;
                    break;
                case "pending_approval":
                    figures.PendingApproval++;
                    if (item.Reason.Contains("is frozen", StringComparison.Ordinal) || item.Reason.Contains("would undo its last change", StringComparison.Ordinal))
                    {
                        figures.FrozenProposals++;
                    }

                    break;
                default:
                    var kind = Classify(item.Reason);
                    if (kind is not null)
                    {
                        figures.Refusals[kind] = figures.Refusals.GetValueOrDefault(kind) + 1;
                        if (kind == "quota")
                        {
                            figures.QuotaRefusals++;
                        }
                        else if (kind.StartsWith("guardrail", StringComparison.Ordinal))
                        {
                            figures.RefusedByGuardrails++;
                        }
                    }

                    break;
            }
        }

        foreach (var v in report.Verifications)
        {
            figures.Verdicts[v.Verdict] = figures.Verdicts.GetValueOrDefault(v.Verdict) + 1;
            if (v.Action == "rolled_back")
            {
                figures.RolledBack++;
            }
            else if (v.Action == "rollback_proposed")
            {
                figures.RollbackProposed++;
            }
        }
    }

    private static string? Classify(string reason) => reason switch
    {
        _ when reason.Contains("daily quota", StringComparison.Ordinal) => "quota",
        _ when reason.Contains("cooldown", StringComparison.Ordinal) => "guardrail:cooldown",
        _ when reason.Contains("above the maximum", StringComparison.Ordinal) => "guardrail:maximum",
        _ when reason.Contains("below the minimum", StringComparison.Ordinal) => "guardrail:minimum",
        _ when reason.Contains("is a step of more than", StringComparison.Ordinal) => "guardrail:step",
        _ when reason.Contains("No guardrail rule", StringComparison.Ordinal) => "guardrail:path",
        _ when reason.Contains("(rule '", StringComparison.Ordinal) => "guardrail:other",
        _ when reason.StartsWith("For a person", StringComparison.Ordinal) => "advisory",
        _ when reason.Contains("already", StringComparison.OrdinalIgnoreCase) => "already_applied",
        _ when reason.Contains("Confidence", StringComparison.Ordinal) => "confidence",
        _ when reason.Contains("MaxChangesPerCycle", StringComparison.Ordinal) => "per_cycle",
        _ => "other",
    };
}
