using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

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

/// <summary>The figures of one simulation.</summary>
internal sealed class SimulationFigures
{
    public int Days { get; set; }

    public int Cycles { get; set; }

    public int Failed { get; set; }

    public int Applied { get; set; }

    public int RefusedByGuardrails { get; set; }

    public int QuotaRefusals { get; set; }

    public int PendingApproval { get; set; }

    public int FrozenProposals { get; set; }

    public int FrozenPaths { get; set; }

    public int RolledBack { get; set; }

    public int RollbackProposed { get; set; }

    public int DropsToManual { get; set; }

    public int ManualCycles { get; set; }

    public int MaxConsecutiveRollbacksSeen { get; set; }

    public long EventsAdded { get; set; }

    public int InvariantChecks { get; set; }

    public TimeSpan Runtime { get; set; }

    public SortedDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> Verdicts { get; } = new(StringComparer.Ordinal);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"days {Days}, cycles {Cycles} (failed {Failed}, in Manual {ManualCycles}), events {EventsAdded}, runtime {Runtime.TotalSeconds:0.0} s, invariant checks {InvariantChecks}\n");
        text.Append(CultureInfo.InvariantCulture, $"applied {Applied}, refused by guardrails {RefusedByGuardrails}, refused by the daily quota {QuotaRefusals}, pending approval {PendingApproval} (frozen by oscillation {FrozenProposals}), frozen paths {FrozenPaths}\n");
        text.Append(CultureInfo.InvariantCulture, $"rolled back {RolledBack}, rollbacks proposed in Manual {RollbackProposed}, drops to Manual {DropsToManual}, most consecutive automatic rollbacks {MaxConsecutiveRollbacksSeen}\n");
        text.Append("refusals: ").AppendJoin(", ", Refusals.Select(r => $"{r.Key} {r.Value}")).Append('\n');
        text.Append("verdicts: ").AppendJoin(", ", Verdicts.Select(r => $"{r.Key} {r.Value}"));
        return text.ToString();
    }
}

/// <summary>Runs the simulated calendar and checks the invariants after each cycle.</summary>
internal static class YearSimulation
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

    private static async Task CheckInvariantsAsync(LoopFixture fixture, Guardrails guardrails, GuardrailOptions options, CycleReport report, SimulationFigures figures)
    {
        figures.InvariantChecks++;
        var cycle = report.CycleNumber;
        var text = fixture.ConfigText;

        // The config always parses and keeps the person's comments; hostile names never reach it.
        var config = ReadConfig(text);
        text.Should().StartWith("# agent config: written by a person; the loop must keep these comments\n", "cycle {0}", cycle);
        text.Should().Contain("# seconds").And.Contain("# not a guarded path").And.Contain("# end of tools");
        text.Should().NotContain("EVIL").And.NotContain("9999").And.NotContain("!!").And.NotContain("&").And.NotContain("*");
        config["tools.calculator.enabled"].Should().Be("true");

        // Every key is a safe segment; every guarded value has its rule's type and bounds; nothing else changed.
        foreach (var (path, value) in config)
        {
            path.Split('.').Should().OnlyContain(s => IsSafeSegment(s), "cycle {0}: '{1}'", cycle, path);
            if (path == "tools.calculator.enabled")
            {
                continue;
            }

            var rule = guardrails.FindRule(path);
            rule.Should().NotBeNull("cycle {0}: only guarded paths change, but '{1}' is in the config", cycle, path);
            CheckValue(rule!, path, value, cycle);
        }

        // Applied per quota day never exceeds the quota (this day, counted by the store).
        var now = fixture.Time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var appliedToday = await fixture.Store.CountAppliedInWindowAsync(dayStart, dayStart.AddDays(1));
        appliedToday.Should().BeLessThanOrEqualTo(MaxDaily, "cycle {0}", cycle);
        if (report.Improvements.Any(i => i.Action != "applied" && Classify(i.Reason) == "quota"))
        {
            appliedToday.Should().Be(MaxDaily, "cycle {0}: the quota refuses only once it is used up (exact, not early)", cycle);
        }

        var records = await fixture.Store.GetImprovementsAsync(null, null, 100_000);
        records.Where(r => r.AppliedAt is not null)
            .GroupBy(r => r.AppliedAt!.Value.UtcDateTime.Date)
            .Should().OnlyContain(g => g.Count() <= MaxDaily, "cycle {0}: applies per day", cycle);

        var paths = records.SelectMany(r => r.Changes).Select(c => c.Path).Distinct(StringComparer.Ordinal).ToList();
        foreach (var path in paths)
        {
            var rule = guardrails.FindRule(path);
            rule.Should().NotBeNull("cycle {0}: a recorded change of '{1}' has no rule", cycle, path);
            var history = (await fixture.Store.GetPathChangesAsync(path, DateTimeOffset.MinValue)).OrderBy(h => h.At).ToList();
            for (var i = 0; i < history.Count; i++)
            {
                var change = history[i];
                if (change.Kind != PathChangeKind.Applied)
                {
                    continue;
                }

                // At most one change per path per cooldown.
                if (i > 0 && rule!.Cooldown is { } cooldown)
                {
                    (change.At - history[i - 1].At).Should().BeGreaterThanOrEqualTo(cooldown, "cycle {0}: '{1}' changed within its cooldown", cycle, path);
                }

                // Frozen by oscillation: no automatic change after an A→B→A in the history window (nothing is approved here).
                var recent = history.Take(i).Where(h => h.At >= change.At - options.HistoryWindow).ToList();
                for (var j = 1; j < recent.Count; j++)
                {
                    Reverts(recent[j - 1], recent[j].OldValue, recent[j].NewValue).Should().BeFalse("cycle {0}: '{1}' changed at {2:O} although it was frozen", cycle, path, change.At);
                }

                if (recent.Count > 0)
                {
                    Reverts(recent[^1], change.OldValue, change.NewValue).Should().BeFalse("cycle {0}: '{1}' was changed back automatically at {2:O}", cycle, path, change.At);
                }

                // Same-direction runs stay within the rule's limit.
                if (rule!.MaxSameDirectionChanges is { } limit && change.Direction != ChangeDirection.Other)
                {
                    var run = 0;
                    for (var j = i; j >= 0 && history[j].Kind == PathChangeKind.Applied && history[j].Direction == change.Direction; j--)
                    {
                        run++;
                    }

                    run.Should().BeLessThanOrEqualTo(limit, "cycle {0}: '{1}' moved the same way too often", cycle, path);
                }
            }

            // The store and the file agree: the last recorded value is the one in the config.
            if (history.Count > 0)
            {
                var last = history[^1];
                if (last.NewValue is null)
                {
                    config.Should().NotContainKey(path, "cycle {0}: '{1}' was removed by its rollback", cycle);
                }
                else
                {
                    config.Should().ContainKey(path, "cycle {0}", cycle);
                    Same(config[path], last.NewValue).Should().BeTrue("cycle {0}: '{1}' is {2} in the file but {3} in the store", cycle, path, config[path], last.NewValue);
                }
            }
        }

        // Every applied record's changes are in the config.
        foreach (var record in records.Where(r => r.Status == ImprovementStatus.Applied))
        {
            foreach (var change in record.Changes)
            {
                config.Should().ContainKey(change.Path, "cycle {0}: applied {1}", cycle, record.Id);
            }
        }
    }

    private static void CheckValue(GuardrailRule rule, string path, string value, long cycle)
    {
        switch (rule.ValueType)
        {
            case GuardrailValueType.Number or GuardrailValueType.WholeNumber:
                double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n).Should().BeTrue("cycle {0}: '{1}' = '{2}' is a number", cycle, path, value);
                double.IsFinite(n).Should().BeTrue();
                if (rule.ValueType == GuardrailValueType.WholeNumber)
                {
                    long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _).Should().BeTrue("cycle {0}: '{1}' = '{2}' is a whole number", cycle, path, value);
                }

                if (rule.Min is { } min)
                {
                    n.Should().BeGreaterThanOrEqualTo(min, "cycle {0}: '{1}'", cycle, path);
                }

                if (rule.Max is { } max)
                {
                    n.Should().BeLessThanOrEqualTo(max, "cycle {0}: '{1}'", cycle, path);
                }

                break;
            case GuardrailValueType.Boolean:
                value.Should().BeOneOf("true", "false");
                break;
            default:
                value.Length.Should().BeLessThanOrEqualTo(256);
                value.Should().NotContain("\n");
                break;
        }
    }

    private static async Task<List<string>> FrozenPathsAsync(ILearningStore store)
    {
        var records = await store.GetImprovementsAsync(null, null, 100_000);
        var frozen = new List<string>();
        foreach (var path in records.SelectMany(r => r.Changes).Select(c => c.Path).Distinct(StringComparer.Ordinal))
        {
            var history = (await store.GetPathChangesAsync(path, DateTimeOffset.MinValue)).OrderBy(h => h.At).ToList();
            if (Enumerable.Range(1, Math.Max(0, history.Count - 1)).Any(i => Reverts(history[i - 1], history[i].OldValue, history[i].NewValue)))
            {
                frozen.Add(path);
            }
        }

        return frozen;
    }

    private static bool Reverts(PathChange earlier, object? oldValue, object? newValue) =>
        !Equal(earlier.OldValue, earlier.NewValue) && Equal(oldValue, earlier.NewValue) && Equal(newValue, earlier.OldValue);

    private static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        _ when Number(a) is { } x && Number(b) is { } y => x == y,
        _ => Equals(a, b),
    };

    private static double? Number(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static bool Same(string text, object value) => value switch
    {
        bool b => text == (b ? "true" : "false"),
        string s => text == s,
        _ => Number(text) is { } x && Number(value) is { } y && x == y,
    };

    private static bool IsSafeSegment(string s) => s.Length is > 0 and <= 128 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Parses the config with YamlDotNet and flattens its scalars to dotted paths.</summary>
    public static Dictionary<string, string> ReadConfig(string text)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        stream.Documents.Should().ContainSingle();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(stream.Documents[0].RootNode, string.Empty, result);
        return result;
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string> result)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    var name = key.Should().BeOfType<YamlScalarNode>().Subject.Value!;
                    Flatten(value, prefix.Length == 0 ? name : prefix + "." + name, result);
                }

                break;
            case YamlScalarNode scalar:
                node.Tag.IsEmpty.Should().BeTrue("no tags in the config");
                result.Add(prefix, scalar.Value ?? string.Empty);
                break;
            default:
                throw new InvalidOperationException($"Unexpected YAML node at '{prefix}': {node.NodeType}");
        }
    }

    /// <summary>The adversarial periods come back every year (for the long variant).</summary>
    private static bool InAdversarialPeriod(int day) => Adversarial.Any(p => (day % 365) >= p.From && (day % 365) < p.To);

    /// <summary>
    /// One day of events (<paramref name="scale"/> of a full day from <paramref name="start"/>). Adversarial periods
    /// make every subject whose value the loop wrote worse: a change never helps there.
    /// </summary>
    private static IEnumerable<ExecutionEvent> Day(int day, DateTimeOffset start, double scale, Dictionary<string, string> config, Random random)
    {
        var span = TimeSpan.FromDays(scale);
        var adversarial = InAdversarialPeriod(day);
        bool Changed(string path) => config.ContainsKey(path) && !(path == "tools.web_search.timeout" && config[path] == "10");
        double Worse(string path) => adversarial && Changed(path) ? 3 : 1;
        int N(int perDay) => Math.Max(1, (int)Math.Round(perDay * scale));
        DateTimeOffset At(int i, int n) => start + (span * ((i + random.NextDouble()) / n));
        var serial = 0;
        string Id(string kind) => string.Create(CultureInfo.InvariantCulture, $"{kind}-{day}-{start.UtcTicks}-{serial++}");

        // A tool that keeps getting slower (a runaway timeout), one that is slow in a new version each season,
        // and one far too slow for any bound.
        foreach (var (tool, count, seconds) in new (string, int, Func<double>)[]
        {
            ("crawler", 12, () => (6 + (0.3 * day) + random.NextDouble()) * Worse("tools.crawler.timeout")),
            (string.Create(CultureInfo.InvariantCulture, $"tool_s{day / 20}"), 20, () => (7 + (2 * random.NextDouble())) * Worse(string.Create(CultureInfo.InvariantCulture, $"tools.tool_s{day / 20}.timeout"))),
            ("giant", day >= 300 ? 6 : 0, () => 90 + (20 * random.NextDouble())),
            ("web_search", 10, () => (day % 365) is >= 200 and < 230 ? 25 + (10 * random.NextDouble()) : 1 + random.NextDouble()),
        })
        {
            var n = count == 0 ? 0 : N(count);
            for (var i = 0; i < n; i++)
            {
                var d = seconds();
                yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = At(i, n), ToolName = tool, Duration = d, Success = true, Parameters = $"{{\"q\":{i}}}" };
            }
        }

        // A task that times out more and more, and one that flaps week by week.
        foreach (var (task, rate) in new (string, double)[]
        {
            ("ingest", 0.1 + (0.6 * Math.Min(1, day / 365.0))),
            ("flaky", (day / 7) % 2 == 0 ? 0.5 : 0.05),
        })
        {
            var worse = adversarial && Changed("tasks.timeouts." + task) ? 0.4 : 0;
            var n = N(12);
            for (var i = 0; i < n; i++)
            {
                var t = At(i, n);
                var id = Id(task);
                yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = task };
                if (random.NextDouble() < rate + worse)
                {
                    yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(30), TaskId = id, TaskName = task, Duration = 30, Error = "Operation timed out after 30 seconds", ErrorType = "TimeoutError" };
                }
                else
                {
                    var d = 15 + (10 * random.NextDouble());
                    yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t.AddSeconds(d), TaskId = id, TaskName = task, Duration = d, Success = true };
                }
            }
        }

        // A recurring connection error.
        var errors = N(adversarial && Changed("error_handling.ConnectionError.max_retries") ? 12 : 4);
        for (var i = 0; i < errors; i++)
        {
            var t = At(i, errors);
            var id = Id("fetch");
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "fetch" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(1), TaskId = id, TaskName = "fetch", Duration = 1, Error = string.Create(CultureInfo.InvariantCulture, $"Connection refused by host 10.0.0.{i % 250}"), ErrorType = "ConnectionError" };
        }

        // Log poisoning: hostile tool, task and error-type names, slow, timing out and failing.
        foreach (var name in Hostile)
        {
            var t = At(Array.IndexOf(Hostile, name), Hostile.Length);
            var id = Id("hostile");
            yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t, ToolName = name, Duration = 8 + random.NextDouble(), Success = true };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = name };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = t.AddSeconds(30), TaskId = id, TaskName = name, Duration = 30, Error = "timed out: " + name, ErrorType = day % 2 == 0 ? "TimeoutError" : name };
        }
    }
}
