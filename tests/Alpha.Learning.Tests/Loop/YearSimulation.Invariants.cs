using System.Globalization;

using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using YamlDotNet.RepresentationModel;

namespace Alpha.Learning.Tests.Loop;

/// <summary>The invariants checked after every simulated cycle: guardrails, quota, frozen paths, no hostile name in the config.</summary>
internal static partial class YearSimulation
{
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
}
