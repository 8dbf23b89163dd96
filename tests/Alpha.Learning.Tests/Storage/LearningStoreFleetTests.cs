using Alpha.Learning.Fleet;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

/// <summary>The contract of <see cref="IFleetStore"/>, run against every store (subclasses below).</summary>
public abstract class LearningStoreFleetTests(ILearningStore store) : IDisposable
{
    private readonly ILearningStore _store = store;

    private IFleetStore Fleet => (IFleetStore)_store;

    public void Dispose()
    {
        PostgresTestStore.Dispose(_store);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task WriteFleetAggregateAsync_ThenGet_RoundTripsBytesAndPeriod()
    {
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var aggregate = Aggregate("web-1", T0, data);

        await Fleet.WriteFleetAggregateAsync(aggregate);

        var read = (await Fleet.GetFleetAggregatesAsync(T0.AddDays(-1))).Should().ContainSingle().Subject;
        read.Should().BeEquivalentTo(aggregate, o => o.Excluding(a => a.Data));
        read.Data.ToArray().Should().Equal(data);
    }

    [Fact]
    public async Task WriteFleetAggregateAsync_SameInstanceAgain_ReplacesItsAggregate()
    {
        await Fleet.WriteFleetAggregateAsync(Aggregate("web-1", T0, [1]));
        await Fleet.WriteFleetAggregateAsync(Aggregate("web-1", T0.AddMinutes(5), [2]));
        await Fleet.WriteFleetAggregateAsync(Aggregate("web-2", T0.AddMinutes(1), [3]));

        var read = await Fleet.GetFleetAggregatesAsync(T0);

        read.Select(a => (a.Instance, a.Data.ToArray()[0])).Should().Equal(("web-1", (byte)2), ("web-2", (byte)3));
    }

    [Fact]
    public async Task GetFleetAggregatesAsync_InstanceSilentSinceBeforeTheCutoff_IsLeftOut()
    {
        await Fleet.WriteFleetAggregateAsync(Aggregate("b-silent", T0, [1]));
        await Fleet.WriteFleetAggregateAsync(Aggregate("a-live", T0.AddHours(2), [2]));

        var read = await Fleet.GetFleetAggregatesAsync(T0.AddHours(1));

        read.Select(a => a.Instance).Should().Equal("a-live");
    }

    [Theory]
    [InlineData("web/1")]
    [InlineData("")]
    public async Task WriteFleetAggregateAsync_BadInstanceName_IsRefusedAndNothingStored(string instance)
    {
        var act = () => Fleet.WriteFleetAggregateAsync(Aggregate(instance, T0, [1]));

        await act.Should().ThrowAsync<ArgumentException>().WithMessage($"*'{instance}'*");
        (await Fleet.GetFleetAggregatesAsync(DateTimeOffset.MinValue.AddDays(1))).Should().BeEmpty();
    }

    private static FleetAggregate Aggregate(string instance, DateTimeOffset at, byte[] data) => new()
    {
        Instance = instance,
        PeriodStart = at.AddDays(-7),
        PeriodEnd = at,
        ReportedAt = at,
        Events = 1234,
        Data = data,
    };
}
