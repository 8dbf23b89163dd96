using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Tests.Analysis;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Fleet;

public sealed class FleetEvidenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(6);

    /// <summary>The pattern types the fleet builds from merged evidence (every built-in type but the regression detector's).</summary>
    private static readonly PatternType[] MergedTypes =
    [
        PatternType.RecurringError, PatternType.SlowOperation, PatternType.TimeoutPattern, PatternType.HighCostOperation,
        PatternType.InefficientToolChain, PatternType.SuccessfulPattern,
    ];

    /// <summary>The figures that add exactly (counts, names, maxima) per pattern type; a quantile is compared within the sketches' stated error.</summary>
    private static readonly string[] ExactFigures =
    [
        "count", "over_threshold", "max_s", "timeouts", "runs", "successful_runs", "timeouts_by_duration_only", "success_max_s", "calls",
        "unpriced_calls", "expensive_calls", "max_cost_usd", "redundant_calls", "retry_loops", "chain", "failing_with_chain",
        "succeeding_with_chain", "successes", "error_type", "transient",
    ];

    private static readonly string[] Quantiles = ["p50_s", "p95_s", "success_p50_s", "success_p95_s", "p95_cost_usd"];

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

        var expected = Counts(single.Patterns);
        expected.Should().Contain(p => p.Value > 0).And.HaveCountGreaterThan(3, "the workload has recurring errors and a slow tool");
        Counts(fleet).Should().Equal(expected);
        SameFigures(fleet, single.Patterns);
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

    public static TheoryData<int> Seeds => [.. Enumerable.Range(31, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Merge_EveryPatternTypeSplitSoNoInstanceDetectsItAlone_FleetFindsWhatOneAnalysisOfAllLogsFinds(int seed)
    {
        var options = new AnalysisOptions();
        var workload = FleetPatternWorkload.Generate(seed, Start, TimeSpan.FromDays(6), options);
        var all = workload.Parts.SelectMany(p => p).OrderBy(e => e.Timestamp).ToList();

        var single = await LogAnalyzer.Create(new InMemoryLogSource(all), options, new FakeTimeProvider(End)).AnalyzeLogsAsync();
        var fleet = FleetPatterns.Build(MergeThroughBytes(workload.Parts, options), options, End);

        foreach (var planted in workload.Planted)
        {
            single.Patterns.Should().ContainSingle(p => FleetPatternWorkload.Is(p, planted), "one analysis of all logs finds the planted {0}", planted);
            fleet.Should().ContainSingle(p => FleetPatternWorkload.Is(p, planted), "the merged evidence yields the planted {0}", planted);
            foreach (var part in workload.Parts)
            {
                var alone = await LogAnalyzer.Create(new InMemoryLogSource(part), options, new FakeTimeProvider(End)).AnalyzeLogsAsync();
                alone.Patterns.Should().NotContain(p => FleetPatternWorkload.Is(p, planted), "no instance sees enough to find the planted {0} alone", planted);
            }
        }

        fleet.Select(p => p.Type).Distinct().Should().BeEquivalentTo(MergedTypes, "every pattern type the fleet merges occurs");
        Counts(fleet).Should().Equal(Counts(single.Patterns));
        SameFigures(fleet, single.Patterns);
    }

    [Fact]
    public void Read_PreviousVersion_ThrowsNamingTheInstanceAndTheVersion()
    {
        var bytes = FleetEvidenceFormat.Write(Collect(new AnalysisOptions(), [Kit.TaskComplete("t", "x", 1.5)]));
        bytes[4] = 2;

        var act = () => FleetEvidenceFormat.Read(bytes, "the instance 'web-2'");

        act.Should().Throw<InvalidDataException>().WithMessage("*the instance 'web-2'*version 2*reads version 3*");
    }

    [Fact]
    public void Read_DetectorFiguresInconsistent_ThrowsNamingTheInstanceAndWhatIsWrong()
    {
        var evidence = Collect(new AnalysisOptions(), [Kit.TaskStart("t1", "x"), Kit.Tool("t1", "search", 0.2, "q"), Kit.Tool("t1", "search", 0.2, "q"), Kit.TaskComplete("t1", "x", 1.5)]);
        evidence.Detail.Tools["search"].Redundant.Should().Be(1);
        evidence.Detail.ToolNames[0] = "fetch"; // the tool table no longer names the tool its figures are listed under

        var act = () => FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(evidence), "the instance 'web-4'");

        act.Should().Throw<InvalidDataException>().WithMessage("*the instance 'web-4'*a tool whose id does not name it*");
    }

    [Fact]
    public void Read_TaskSuccessDurationsEqualToTheTaskSubjects_ReadOnceAsOneSketchAndMergedOnce()
    {
        var options = new AnalysisOptions();
        var parts = FleetWorkload.Generate(41, 3, 600, Start, TimeSpan.FromDays(2));
        var read = parts.Select((events, i) => FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(Collect(options, events)), $"instance {i}")).ToList();

        var merged = FleetEvidenceMerger.Merge(read, options);

        foreach (var (task, stats) in read[0].Detail.Successes)
        {
            var subject = read[0].Subjects[(SubjectKind.Task, task)].Durations;
            stats.Durations.Should().BeSameAs(subject, "the sketch of {0} is written once", task);
            read[0].Detail.Timeouts[task].SuccessDurations.Should().BeSameAs(subject);
            merged.Detail.Successes[task].Durations.Should().BeSameAs(merged.Subjects[(SubjectKind.Task, task)].Durations, "and merged once");
            merged.Detail.Successes[task].Durations.Count.Should().Be(parts.SelectMany(p => p).Count(e => e.Kind == ExecutionEventKind.TaskComplete && e.TaskName == task && e.Duration is not null));
        }

        read[0].Detail.Successes.Should().NotBeEmpty();
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

    [Fact]
    public void Write_ToolWhoseCallsAllTookNoTime_WritesAndReadsItsCounts()
    {
        // More zero durations than a sketch keeps exactly (found by fuzzing the decoder): writing the aggregate threw.
        var events = Enumerable.Range(0, 300).Select(i => Kit.Tool("t" + i, "cache_lookup", 0.0, second: i)).ToList();
        var evidence = Collect(new AnalysisOptions(), events);

        var read = FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(evidence), "instance a");

        var tool = read.Subjects[(SubjectKind.Tool, "cache_lookup")];
        (tool.Count, tool.Durations.Count, tool.Durations.Quantile(0.95)).Should().Be((300L, 300L, 0.0));
    }

    [Fact]
    public void Read_StringOfNegativeLength_IsRefusedNamingTheInstance()
    {
        // The first template's error type with a length prefix of −1 (found by fuzzing: it escaped as an IOException).
        var evidence = Collect(new AnalysisOptions(), [Kit.TaskError("t", "x", "boom", "ValueError")]);
        var bytes = FleetEvidenceFormat.Write(evidence);
        var at = 4 + 1 + 1 + 1; // marker, version, events, template count
        byte[] bad = [.. bytes[..at], 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. bytes[(at + 1)..]];

        var act = () => FleetEvidenceFormat.Read(bad, "the instance 'web-7'");

        act.Should().Throw<InvalidDataException>().WithMessage("*web-7*negative length*");
    }

    [Fact]
    public void Write_ThenRead_KeepsTheMeasuresOfAppliedImprovements()
    {
        var evidence = Collect(new AnalysisOptions(), [Kit.TaskComplete("t", "x", 1.5)]);
        var split = End.AddHours(-5);
        evidence.Outcomes["imp-1"] = new FleetOutcome
        {
            ImprovementId = "imp-1", Split = split, MeasuredAt = End, AfterTo = End.AddHours(-1), Excluded = [(split.AddHours(-3), split.AddHours(-2))],
            Before = Outcomes(40, 35, 1), After = Outcomes(30, 20, 2), OutsideBefore = Outcomes(5, 5, 3), OutsideAfter = Outcomes(0, 0, 4),
        };

        var read = FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(evidence), "instance a").Outcomes.Should().ContainKey("imp-1").WhoseValue;

        read.Should().BeEquivalentTo(new { Split = split, MeasuredAt = End, BeforeFrom = (DateTimeOffset?)null, AfterTo = (DateTimeOffset?)End.AddHours(-1) });
        read.Excluded.Should().Equal((split.AddHours(-3), split.AddHours(-2)));
        (read.Before.Tasks, read.Before.Successes, read.After.Tasks, read.After.Successes, read.OutsideBefore.Tasks).Should().Be((40L, 35L, 30L, 20L, 5L));
        read.After.Costs.Values.Should().Equal(evidence.Outcomes["imp-1"].After.Costs.Values);
        read.Before.Durations.Values.Should().Equal(evidence.Outcomes["imp-1"].Before.Durations.Values);
    }

    [Fact]
    public void ScopeOutcomesMerge_SamplesOverTheReservoir_CountsExactAndSampleProportional()
    {
        var small = Outcomes(500, 400, 1);
        var large = Outcomes(4500, 4000, 2);

        var merged = ScopeOutcomes.Merge([small, large], 7);

        (merged.Tasks, merged.Successes, merged.Costs.Total).Should().Be((5000L, 4400L, 5000L));
        merged.Costs.Values.Should().HaveCount(MetricSample.ReservoirSize);
        merged.Costs.Values.Count(v => v >= 1000).Should().Be(1800, "the large part holds 90% of the runs, so 90% of the sample");
    }

    internal static Dictionary<string, long> Counts(IEnumerable<LogPattern> patterns) => patterns
        .Where(p => MergedTypes.Contains(p.Type))
        .ToDictionary(p => p.Fingerprint, p => p.Occurrences);

    /// <summary>Each fleet pattern carries the figures of the same pattern of one analysis: exact ones equal, quantiles within 1 % of the true value each (so within 2 % of each other).</summary>
    private static void SameFigures(List<LogPattern> fleet, IReadOnlyList<LogPattern> single)
    {
        foreach (var ours in fleet)
        {
            var theirs = single.Single(p => p.Fingerprint == ours.Fingerprint);
            (ours.FirstSeen, ours.LastSeen).Should().Be((theirs.FirstSeen, theirs.LastSeen), "the first and last instants of {0} {1}", ours.Type, ours.Key);
            foreach (var key in ExactFigures.Where(theirs.Metadata.ContainsKey))
            {
                ours.Metadata.Should().ContainKey(key);
                ours.Metadata[key].Should().BeEquivalentTo(theirs.Metadata[key], "{0} of {1} {2} adds exactly", key, ours.Type, ours.Key);
            }

            foreach (var key in Quantiles.Where(theirs.Metadata.ContainsKey))
            {
                var expected = Convert.ToDouble(theirs.Metadata[key], System.Globalization.CultureInfo.InvariantCulture);
                Convert.ToDouble(ours.Metadata[key], System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(expected, (expected * 0.0201) + 1e-3, "{0} of {1} {2} within the sketches' error", key, ours.Type, ours.Key);
            }

            if (theirs.Metadata.TryGetValue("total_cost_usd", out var total))
            {
                ((double)ours.Metadata["total_cost_usd"]).Should().BeApproximately((double)total, 1e-5);
            }
        }
    }

    private static ScopeOutcomes Outcomes(int tasks, int successes, int seed)
    {
        var outcomes = new ScopeOutcomes(seed);
        for (var i = 0; i < tasks; i++)
        {
            // Costs from 1000 up mark the runs of an outcome seeded above 1 (to tell the parts apart in a merge).
            outcomes.Add(new TaskOutcome("research", End.AddMinutes(-i), i < successes, 1 + (i % 7), seed > 1 ? 1000 + i : i, null, null, []));
        }

        return outcomes;
    }

    internal static FleetEvidence MergeThroughBytes(IEnumerable<List<ExecutionEvent>> parts, AnalysisOptions options) =>
        FleetEvidenceMerger.Merge(
            parts.Select((events, i) => FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(Collect(options, events)), $"instance {i}")).ToList(),
            options);

    internal static FleetEvidence Collect(AnalysisOptions options, IEnumerable<ExecutionEvent> events)
    {
        var collector = new FleetEvidenceCollector(new AnalysisContext { Options = options, Now = End });
        foreach (var e in events)
        {
            collector.Observe(e);
        }

        return collector.ToEvidence();
    }
}
