using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Storage;

using Microsoft.Extensions.Logging.Abstractions;

namespace Alpha.Learning.Tests.Fleet;

/// <summary>
/// The leader's merge over the PostgreSQL store, which hands over each aggregate as it is read so decoding overlaps the
/// read: the same merge as decoding the finished list, an unreadable aggregate named the same way.
/// </summary>
public sealed class FleetMergeStreamingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(3);
    private readonly PostgreSqlLearningStore _store = PostgresTestStore.Create();

    [Theory]
    [InlineData(31, 4)]
    [InlineData(32, 7)]
    public async Task MergeAsync_PostgreSqlHandsOverEachAggregateAsRead_SameMergeAsFromTheFinishedList(int seed, int instances)
    {
        var options = new AnalysisOptions();
        var parts = FleetWorkload.Generate(seed, instances, 3_000, Start, TimeSpan.FromDays(3));
        for (var i = 0; i < parts.Length; i++)
        {
            var data = FleetEvidenceFormat.Write(FleetEvidenceTests.Collect(options, parts[i]));
            await _store.WriteFleetAggregateAsync(new FleetAggregate { Instance = $"web-{i}", PeriodStart = Start, PeriodEnd = End, ReportedAt = End, Data = data });
        }

        var corrupt = FleetEvidenceFormat.Write(FleetEvidenceTests.Collect(options, parts[0]))[..^5];
        await _store.WriteFleetAggregateAsync(new FleetAggregate { Instance = "web-x", PeriodStart = Start, PeriodEnd = End, ReportedAt = End, Data = corrupt });
        var handedOver = new List<string>();
        var listed = await ((IStreamingFleetStore)_store).GetFleetAggregatesAsync(Start, a => handedOver.Add(a.Instance), CancellationToken.None);

        var streamed = await Member(_store, options).MergeAsync(End, CancellationToken.None);
        var fromList = await Member(new ListOnly(_store), options).MergeAsync(End, CancellationToken.None);

        handedOver.Should().Equal(listed.Select(a => a.Instance), "each aggregate handed over once, in the list's order");
        streamed.Instances.Should().Equal(fromList.Instances).And.HaveCount(instances).And.NotContain("web-x");
        streamed.Notes.Should().Equal(fromList.Notes).And.ContainSingle().Which.Should().Contain("web-x").And.Contain("cut short");
        streamed.Evidence.Events.Should().Be(parts.Sum(p => p.Count));
        Patterns(streamed.Evidence, options).Should().Equal(Patterns(fromList.Evidence, options));
        Patterns(streamed.Evidence, options).Should().Equal(Patterns(FleetEvidenceTests.MergeThroughBytes(parts, options), options));
        foreach (var (key, subject) in streamed.Evidence.Subjects)
        {
            subject.Durations.SameAs(fromList.Evidence.Subjects[key].Durations).Should().BeTrue("{0} {1}", key.Kind, key.Name);
        }
    }

    public void Dispose() => PostgresTestStore.Drop(_store);

    private FleetMember Member(IFleetStore fleet, AnalysisOptions options) =>
        new(fleet, _store, new JsonLinesLogSource(), options, new FeedbackLoopOptions { Fleet = { Instance = "leader" } }, NullLogger.Instance);

    private static List<string> Patterns(FleetEvidence evidence, AnalysisOptions options) =>
        [.. FleetPatterns.Build(evidence, options, End).Select(p => $"{p.Fingerprint} {p.Type} {p.Key} {string.Join(",", p.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"))}")];

    /// <summary>A fleet store that only returns the finished list (as a host's own store may).</summary>
    private sealed class ListOnly(PostgreSqlLearningStore inner) : IFleetStore
    {
        public Task WriteFleetAggregateAsync(FleetAggregate aggregate, CancellationToken cancellationToken = default) => inner.WriteFleetAggregateAsync(aggregate, cancellationToken);

        public Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default) =>
            inner.GetFleetAggregatesAsync(reportedSince, cancellationToken);
    }
}
