using Alpha.Learning.Analysis;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

/// <summary>The contract of <see cref="ILearningStore"/> for patterns, run against every store (subclasses below).</summary>
public abstract class LearningStorePatternTests(ILearningStore store) : IDisposable
{
    private readonly ILearningStore _store = store;

    public void Dispose()
    {
        PostgresTestStore.Dispose(_store);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task StorePatternAsync_NewPattern_RoundTripsEveryField()
    {
        var pattern = Pattern();

        var stored = await _store.StorePatternAsync(pattern, cycleNumber: 1, T0);
        var read = await _store.GetPatternAsync(pattern.Fingerprint);

        read.Should().BeEquivalentTo(stored);
        read!.Fingerprint.Should().Be(pattern.Fingerprint);
        read.Id.Should().MatchRegex("^[0-9a-f]{32}$");
        read.Type.Should().Be(PatternType.TimeoutPattern);
        read.Subject.Should().Be("task");
        read.Key.Should().Be("web_research");
        read.Description.Should().Be(pattern.Description);
        read.Occurrences.Should().Be(5);
        read.ImpactScore.Should().Be(0.5);
        read.FirstSeen.Should().Be(pattern.FirstSeen);
        read.LastSeen.Should().Be(pattern.LastSeen);
        read.Examples.Should().Equal(pattern.Examples);
        read.LastCycle.Should().Be(1);
        read.UpdatedAt.Should().Be(T0);
        read.Metadata["subject"].Should().Be("task");
        read.Metadata["count"].Should().BeOfType<long>().And.Be(5L);
        read.Metadata["p95"].Should().Be(31.5);
        read.Metadata["whole_double"].Should().BeOfType<double>().And.Be(2.0);
        read.Metadata["flag"].Should().Be(true);
        read.Metadata["tasks"].Should().BeEquivalentTo(new[] { "t-1", "t-2" });
    }

    [Fact]
    public async Task StorePatternAsync_SameFingerprintNextCycle_RefreshesAndKeepsFirstSeen()
    {
        var first = await _store.StorePatternAsync(Pattern(occurrences: 5, impact: 0.4, firstSeen: T0, lastSeen: T0.AddHours(1)), 1, T0.AddHours(2));
        var again = Pattern(occurrences: 9, impact: 0.7, firstSeen: T0.AddDays(1), lastSeen: T0.AddDays(1).AddHours(3)) is var p
            ? new LogPattern
            {
                Type = p.Type, Subject = p.Subject, Key = p.Key, Description = "still timing out", Occurrences = p.Occurrences,
                ImpactScore = p.ImpactScore, FirstSeen = p.FirstSeen, LastSeen = p.LastSeen, Examples = ["new example"], Metadata = p.Metadata,
            }
            : null!;

        var second = await _store.StorePatternAsync(again, 2, T0.AddDays(2));

        second.Id.Should().Be(first.Id);
        second.FirstSeen.Should().Be(T0);
        second.LastSeen.Should().Be(T0.AddDays(1).AddHours(3));
        second.Occurrences.Should().Be(9);
        second.ImpactScore.Should().Be(0.7);
        second.Description.Should().Be("still timing out");
        second.Examples.Should().Equal("new example");
        second.LastCycle.Should().Be(2);
        (await _store.GetPatternsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task StorePatternAsync_OlderLastSeen_NeverMovesLastSeenBackwards()
    {
        await _store.StorePatternAsync(Pattern(lastSeen: T0.AddDays(3)), 1, T0);

        var stored = await _store.StorePatternAsync(Pattern(lastSeen: T0.AddDays(1)), 2, T0);

        stored.LastSeen.Should().Be(T0.AddDays(3));
    }

    [Fact]
    public async Task GetPatternHistoryAsync_AcrossCycles_KeepsOneRowPerCycle()
    {
        await _store.StorePatternAsync(Pattern(occurrences: 3), 1, T0);
        await _store.StorePatternAsync(Pattern(occurrences: 4), 1, T0.AddMinutes(1));
        await _store.StorePatternAsync(Pattern(occurrences: 8), 2, T0.AddDays(1));
        await _store.StorePatternAsync(Pattern(occurrences: 1), null, T0.AddDays(2));

        var history = await _store.GetPatternHistoryAsync(Pattern().Fingerprint);

        history.Select(h => (h.CycleNumber, h.Occurrences)).Should().Equal((1L, 4L), (2L, 8L), (null, 1L));
        history[1].RecordedAt.Should().Be(T0.AddDays(1));
    }

    [Fact]
    public async Task StorePatternsAsync_Batch_StoresAllInOneCall()
    {
        var patterns = Enumerable.Range(0, 50).Select(i => Pattern(key: "task_" + i, impact: i / 100.0)).ToList();

        var count = await _store.StorePatternsAsync(patterns, 1, T0);

        count.Should().Be(50);
        (await _store.GetPatternsAsync(limit: 1000)).Should().HaveCount(50);
    }

    [Fact]
    public async Task StorePatternsAsync_NullInBatch_StoresNothing()
    {
        var patterns = new[] { Pattern(key: "a"), null!, Pattern(key: "b") };

        var act = () => _store.StorePatternsAsync(patterns, 1, T0);

        await act.Should().ThrowAsync<ArgumentNullException>();
        (await _store.GetPatternsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task GetPatternsAsync_ByTypeAndMinImpact_FiltersAndOrdersByImpact()
    {
        await _store.StorePatternsAsync(
            [
                Pattern(key: "a", type: PatternType.TimeoutPattern, impact: 0.2),
                Pattern(key: "b", type: PatternType.TimeoutPattern, impact: 0.9),
                Pattern(key: "c", type: PatternType.TimeoutPattern, impact: 0.6),
                Pattern(key: "d", type: PatternType.SlowOperation, impact: 0.95, subject: "tool"),
            ],
            1,
            T0);

        (await _store.GetPatternsAsync(PatternType.TimeoutPattern)).Select(p => p.Key).Should().Equal("b", "c", "a");
        (await _store.GetPatternsAsync(PatternType.TimeoutPattern, minImpact: 0.5)).Select(p => p.Key).Should().Equal("b", "c");
        (await _store.GetPatternsAsync(minImpact: 0.6)).Select(p => p.Key).Should().Equal("d", "b", "c");
        (await _store.GetPatternsAsync(limit: 2)).Select(p => p.Key).Should().Equal("d", "b");
        (await _store.GetPatternsAsync(PatternType.HighCostOperation)).Should().BeEmpty();
    }

    [Fact]
    public async Task GetPatternsAsync_ZeroLimit_Throws()
    {
        var act = () => _store.GetPatternsAsync(limit: 0);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task StorePatternAsync_LoneSurrogateInLogText_StoredWithReplacementCharacter()
    {
        var pattern = new LogPattern
        {
            Type = PatternType.RecurringError, Subject = "error", Key = "bad \ud800 key", Description = "bad \udc00 text", Occurrences = 1,
            ImpactScore = 0.1, FirstSeen = T0, LastSeen = T0, Examples = ["bad \ud800 example"],
            Metadata = new Dictionary<string, object> { ["bad \ud800"] = "bad \udfff value" },
        };

        var stored = await _store.StorePatternAsync(pattern, 1, T0);

        stored.Key.Should().Be("bad \ufffd key");
        stored.Examples.Should().Equal("bad \ufffd example");
        stored.Metadata.Should().ContainKey("bad \ufffd");
    }

    [Fact]
    public async Task GetPatternAsync_Unknown_ReturnsNull()
    {
        (await _store.GetPatternAsync("0000000000000000")).Should().BeNull();
    }

    [Fact]
    public async Task StorePatternAsync_CancelledToken_IsCancelled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = () => _store.StorePatternAsync(Pattern(), 1, T0, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
