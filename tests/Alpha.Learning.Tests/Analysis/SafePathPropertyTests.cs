using System.Text.RegularExpressions;

using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

using FsCheck;
using FsCheck.Xunit;

namespace Alpha.Learning.Tests.Analysis;

public sealed class SafePathPropertyTests
{
    private static readonly Regex SafePath = new("^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64})*$", RegexOptions.CultureInvariant);

    [Property(MaxTest = 150)]
    public bool Run_AnyNamesAndMessagesFromLogs_EveryChangePathIsSafeAndValueFromRules(NonNull<string> name, NonNull<string> message, NonNull<string> errorType)
    {
        var n = name.Get;
        var events = new List<ExecutionEvent>();
        for (var i = 0; i < 12; i++)
        {
            var id = n + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            events.Add(Kit.TaskError(id, n, message.Get + " timed out", errorType.Get, 31, second: i));
            events.Add(Kit.TaskError(id + "c", n, message.Get + " connection reset", errorType.Get, second: i));
            events.Add(Kit.Tool(id, n, 20, message.Get, second: i));
            events.Add(Kit.Tool(id, n, 20, message.Get, success: false, error: message.Get, second: i));
            events.Add(Kit.Llm(id, n, cost: 1, second: i));
            events.Add(Kit.Llm(id, "gpt-4o-mini", cost: 0.001, second: i));
            events.Add(Kit.TaskComplete(id, n, 50, second: i));
        }

        var (_, recommendations) = Kit.Run(events);

        return recommendations.SelectMany(r => r.Changes).All(c =>
            SafePath.IsMatch(c.Path)
            && c.Path.Length <= 512
            && c.NewValue is bool or long or double or string
            && (c.NewValue is not string s || new AnalysisOptions().ModelPrices.ContainsKey(s)));
    }

    [Property(MaxTest = 300)]
    public bool Run_UnsafeSubjectName_NeverInAPathButStillReported(NonNull<string> raw)
    {
        var n = raw.Get + "/../x.y";
        var events = Enumerable.Range(0, 5).Select(i => Kit.TaskError($"t-{i}", n, "Connection timeout", "TimeoutError", second: i)).ToList();

        var (patterns, recommendations) = Kit.Run(events);

        return patterns.Any(p => p.Key == n)
            && recommendations.Count == 1
            && recommendations[0].Changes.Count == 0
            && recommendations[0].Note is { Length: > 0 };
    }

    [Fact]
    public void Run_ControlCharactersInMessages_ExamplesCannotForgeLines()
    {
        var events = Enumerable.Range(0, 3).Select(i => Kit.TaskError($"t-{i}", "x", "bad\nFAKE LINE\u2028more", "ValueError", second: i));

        var pattern = Kit.Run(events).Patterns.Single();

        pattern.Examples.Should().OnlyContain(e => !e.Contains('\n') && !e.Contains('\u2028'));
    }
}
