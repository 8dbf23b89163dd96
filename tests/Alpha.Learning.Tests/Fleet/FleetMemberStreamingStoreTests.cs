using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Logging.Abstractions;

namespace Alpha.Learning.Tests.Fleet;

/// <summary>
/// The leader's merge over a store that hands over each aggregate as it reads it (<see cref="IStreamingFleetStore"/>), when
/// the store does not do so exactly once each in the list's order, or fails while reading: the merge stays the one of the
/// returned list, each instance's evidence under its own name, or the store's error comes out.
/// </summary>
public sealed class FleetMemberStreamingStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(3);
    private readonly TempFolder _folder = new();
    private readonly SqliteLearningStore _store;
    private readonly AnalysisOptions _options = new();
    private readonly List<FleetAggregate> _aggregates;

    public FleetMemberStreamingStoreTests()
    {
        _store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = _folder.File("leader.db") });
        var parts = FleetWorkload.Generate(41, 3, 400, Start, TimeSpan.FromDays(3));
        _aggregates = [.. parts.Select((events, i) => Aggregate($"web-{i}", FleetEvidenceFormat.Write(FleetEvidenceTests.Collect(_options, events))))];
        _aggregates.Add(Aggregate("web-x", _aggregates[0].Data.ToArray()[..^5])); // cut short: left out, named in the notes
    }

    [Theory]
    [InlineData(Handing.Reversed)]
    [InlineData(Handing.Twice)]
    [InlineData(Handing.SkipsOneRepeatsAnother)]
    [InlineData(Handing.Copies)]
    public async Task MergeAsync_StoreHandsOverOtherwiseThanItsList_IsTheMergeOfTheList(Handing handing)
    {
        var expected = await Member(new ListOnly(_aggregates)).MergeAsync(End, CancellationToken.None);

        var merged = await Member(new Streaming(_aggregates, handing)).MergeAsync(End, CancellationToken.None);

        merged.Instances.Should().Equal("web-0", "web-1", "web-2");
        merged.Notes.Should().ContainSingle().Which.Should().Contain("'web-x'").And.Contain("cut short");
        merged.Instances.Should().Equal(expected.Instances);
        merged.Notes.Should().Equal(expected.Notes);
        merged.Evidence.Events.Should().Be(expected.Evidence.Events);
        merged.Evidence.Subjects.Keys.Should().Equal(expected.Evidence.Subjects.Keys);
        foreach (var (key, subject) in merged.Evidence.Subjects)
        {
            var other = expected.Evidence.Subjects[key];
            (subject.Count, subject.Successes, subject.Failures).Should().Be((other.Count, other.Successes, other.Failures));
            subject.Durations.SameAs(other.Durations).Should().BeTrue("{0} {1}", key.Kind, key.Name);
        }
    }

    [Fact]
    public async Task MergeAsync_StoreFailsAfterHandingOverSome_ThrowsTheStoreError()
    {
        var act = () => Member(new Streaming(_aggregates, Handing.FailsAfterTwo)).MergeAsync(End, CancellationToken.None);

        await act.Should().ThrowAsync<IOException>().WithMessage("the connection dropped");
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    public enum Handing
    {
        Reversed,
        Twice,
        SkipsOneRepeatsAnother,
        Copies,
        FailsAfterTwo,
    }

    private static FleetAggregate Aggregate(string instance, byte[] data) =>
        new() { Instance = instance, PeriodStart = Start, PeriodEnd = End, ReportedAt = End, Data = data };

    private FleetMember Member(IFleetStore fleet) =>
        new(fleet, _store, new JsonLinesLogSource(), _options, new FeedbackLoopOptions { Fleet = { Instance = "leader" } }, NullLogger.Instance);

    private sealed class ListOnly(List<FleetAggregate> aggregates) : IFleetStore
    {
        public Task WriteFleetAggregateAsync(FleetAggregate aggregate, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<FleetAggregate>>([.. aggregates]);
    }

    /// <summary>A streaming store that returns the list but hands its aggregates over in another way.</summary>
    private sealed class Streaming(List<FleetAggregate> aggregates, Handing handing) : IStreamingFleetStore
    {
        public Task WriteFleetAggregateAsync(FleetAggregate aggregate, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<FleetAggregate>>([.. aggregates]);

        public async Task<IReadOnlyList<FleetAggregate>> GetFleetAggregatesAsync(DateTimeOffset reportedSince, Action<FleetAggregate> received, CancellationToken cancellationToken)
        {
            await Task.Yield();
            switch (handing)
            {
                case Handing.Reversed:
                    Enumerable.Reverse(aggregates).ToList().ForEach(received);
                    break;
                case Handing.Twice:
                    aggregates.ForEach(received);
                    aggregates.ForEach(received);
                    break;
                case Handing.SkipsOneRepeatsAnother:
                    aggregates.Skip(1).Append(aggregates[^1]).ToList().ForEach(received);
                    break;
                case Handing.Copies:
                    // Equal aggregates, other objects, in another order (as a store reading twice could hand them over).
                    Enumerable.Reverse(aggregates).Select(a => Aggregate(a.Instance, a.Data.ToArray())).ToList().ForEach(received);
                    break;
                default:
                    received(aggregates[0]);
                    received(aggregates[1]);
                    throw new IOException("the connection dropped");
            }

            return [.. aggregates];
        }
    }
}
