using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Tests.Analysis;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Fleet;

public sealed class FleetEvidenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(6);

    [Theory]
    [InlineData(11, 4)]
    [InlineData(12, 4)]
    [InlineData(13, 8)]
    public async Task Merge_InstancesEvidence_PatternCountsEqualOneAnalysisOfAllLogs(int seed, int instances)
    {
        var options = new AnalysisOptions();
        var parts = FleetWorkload.Generate(seed, instances, 4_000, Start, TimeSpan.FromDays(6));
        var all = parts.SelectMany(p => p).OrderBy(e => e.Timestamp).ToList();

        var single = await LogAnalyzer.Create(new InMemoryLogSource(all), options, new FakeTimeProvider(End)).AnalyzeLogsAsync();
        var merged = MergeThroughBytes(parts, options);
        var fleet = FleetPatterns.Build(merged, options, End);

        static Dictionary<string, long> Counts(IEnumerable<LogPattern> patterns) => patterns
            .Where(p => p.Type == PatternType.RecurringError || p.Type == PatternType.SlowOperation)
            .ToDictionary(p => p.Fingerprint, p => p.Occurrences);
        var expected = Counts(single.Patterns);
        expected.Should().Contain(p => p.Value > 0).And.HaveCountGreaterThan(3, "the workload has recurring errors and a slow tool");
        Counts(fleet).Should().Equal(expected);
        merged.Events.Should().Be(all.Count);
        foreach (var slow in single.Patterns.Where(p => p.Type == PatternType.SlowOperation))
        {
            var ours = fleet.Single(p => p.Fingerprint == slow.Fingerprint);
            ours.Metadata["count"].Should().Be(slow.Metadata["count"]);
            ours.Metadata["max_s"].Should().Be(slow.Metadata["max_s"]);
            var exact = all.Where(e => (slow.Subject == LogPattern.ToolSubject ? e.Kind == ExecutionEventKind.ToolExecution && e.ToolName == slow.Key : e.Kind == ExecutionEventKind.TaskComplete && e.TaskName == slow.Key) && e.Duration is not null)
                .Select(e => e.Duration!.Value).Order().ToList();
            var rank = 0.95 * (exact.Count - 1);
            ((double)ours.Metadata["p95_s"]).Should().BeInRange(exact[(int)Math.Floor(rank)] * 0.99 - 1e-3, exact[(int)Math.Ceiling(rank)] * 1.01 + 1e-3, "p95 of {0} within the sketch's 1 %", slow.Key);
        }
    }

    [Fact]
    public void Merge_InstancesEvidence_SumsAndOutcomeCountsAreExact()
    {
        var options = new AnalysisOptions();
        var parts = FleetWorkload.Generate(21, 4, 2_000, Start, TimeSpan.FromDays(3));
        var all = parts.SelectMany(p => p).ToList();

        var merged = MergeThroughBytes(parts, options);

        foreach (var model in all.Where(e => e.Model is not null).GroupBy(e => e.Model!))
        {
            var subject = merged.Subjects[(SubjectKind.Model, model.Key)];
            subject.Count.Should().Be(model.Count());
            subject.PromptTokens.Should().Be(model.Sum(e => e.PromptTokens!.Value));
            subject.CompletionTokens.Should().Be(model.Sum(e => e.CompletionTokens!.Value));
            subject.Cost.Should().BeApproximately(model.Sum(e => e.EstimatedCost!.Value), 1e-9);
        }

        foreach (var tool in all.Where(e => e.Kind == ExecutionEventKind.ToolExecution).GroupBy(e => e.ToolName!))
        {
            var subject = merged.Subjects[(SubjectKind.Tool, tool.Key)];
            (subject.Successes, subject.Failures).Should().Be((tool.Count(e => e.Success == true), tool.Count(e => e.Success == false)));
        }

        foreach (var task in all.Where(e => e.Kind is ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError).GroupBy(e => e.TaskName!))
        {
            var subject = merged.Subjects[(SubjectKind.Task, task.Key)];
            (subject.Successes, subject.Failures).Should().Be((task.Count(e => e.Kind == ExecutionEventKind.TaskComplete), task.Count(e => e.Kind == ExecutionEventKind.TaskError)));
        }
    }

    [Fact]
    public void Merge_TemplateOneInstanceWidenedFurther_IsOneTemplateWithTheSumOfCounts()
    {
        var options = new AnalysisOptions();
        var a = Collect(options, Enumerable.Range(0, 5).Select(i => Kit.TaskError($"a{i}", "report", "Quota of project alpha exhausted", "QuotaError", second: i)));
        var b = Collect(options, Enumerable.Range(0, 5).Select(i => Kit.TaskError($"b{i}", "report", i % 2 == 0 ? "Quota of project alpha exhausted" : "Quota of project beta exhausted", "QuotaError", second: i)));

        var merged = FleetEvidenceMerger.Merge([a, b], options);

        merged.Templates.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Count = 10L, Text = "Quota of project <*> exhausted" });
    }

    [Theory]
    [InlineData(0, "does not start with the fleet evidence marker")]
    [InlineData(4, "version 9")]
    [InlineData(-1, "cut short")]
    public void Read_DamagedBytes_ThrowsNamingTheInstanceAndWhatIsWrong(int position, string expected)
    {
        var bytes = FleetEvidenceFormat.Write(Collect(new AnalysisOptions(), [Kit.TaskComplete("t", "x", 1.5)]));
        if (position < 0)
        {
            bytes = bytes[..^3];
        }
        else
        {
            bytes[position] = 9;
        }

        var act = () => FleetEvidenceFormat.Read(bytes, "the instance 'web-3'");

        act.Should().Throw<InvalidDataException>().WithMessage($"*the instance 'web-3'*{expected}*");
    }

    internal static FleetEvidence MergeThroughBytes(IEnumerable<List<ExecutionEvent>> parts, AnalysisOptions options) =>
        FleetEvidenceMerger.Merge(
            parts.Select((events, i) => FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(Collect(options, events)), $"instance {i}")).ToList(),
            options);

    private static FleetEvidence Collect(AnalysisOptions options, IEnumerable<ExecutionEvent> events)
    {
        var collector = new FleetEvidenceCollector(new AnalysisContext { Options = options, Now = End });
        foreach (var e in events)
        {
            collector.Observe(e);
        }

        return collector.ToEvidence();
    }
}
