using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class OpenTaskTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Touch_SameTask_ReturnsSameState()
    {
        var table = NewTable(10);

        var first = table.Touch("a", T0);
        first.Add("x");
        var second = table.Touch("a", T0.AddSeconds(1));

        second.Should().BeSameAs(first).And.Equal("x");
    }

    [Fact]
    public void Remove_OpenTask_ReturnsStateStillReadable()
    {
        var table = NewTable(10);
        table.Touch("a", T0).Add("x");

        var removed = table.Remove("a");

        removed.Should().Equal("x");
        table.Count.Should().Be(0);
        table.Remove("a").Should().BeNull();
    }

    [Fact]
    public void Touch_AfterRemove_ReusesClearedState()
    {
        var created = 0;
        var table = new OpenTaskTable<List<string>>(10, TimeSpan.FromHours(1), () => { created++; return []; }, static s => s.Clear());
        var first = table.Touch("a", T0);
        first.Add("x");
        table.Remove("a");

        var second = table.Touch("b", T0);

        second.Should().BeSameAs(first).And.BeEmpty();
        created.Should().Be(1);
    }

    [Fact]
    public void Touch_ManyTasksOverCapacity_CreatesAtMostCapacityPlusOneStates()
    {
        var created = 0;
        var table = new OpenTaskTable<List<string>>(100, TimeSpan.FromHours(1), () => { created++; return []; }, static s => s.Clear());

        for (var i = 0; i < 10_000; i++)
        {
            table.Touch("t-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), T0.AddMilliseconds(i)).Add("x");
        }

        table.Count.Should().Be(100);
        table.Dropped.Should().Be(9_900);
        created.Should().BeLessThanOrEqualTo(101);
    }

    [Fact]
    public void Touch_DroppedTaskSeenAgain_StartsFromClearedState()
    {
        var table = NewTable(1);
        table.Touch("a", T0).Add("x");
        table.Touch("b", T0.AddSeconds(1)).Add("y"); // drops a

        var again = table.Touch("a", T0.AddSeconds(2)); // drops b

        again.Should().BeEmpty();
        table.Dropped.Should().Be(2);
    }

    [Fact]
    public void Touch_StaleTasks_DroppedLeastRecentFirst()
    {
        var table = NewTable(10, TimeSpan.FromMinutes(5));
        table.Touch("a", T0);
        table.Touch("b", T0.AddMinutes(3));
        table.Touch("a", T0.AddMinutes(4));

        table.Touch("c", T0.AddMinutes(8.5)); // b (last seen 3) is stale; a (4) is not

        table.Count.Should().Be(2);
        table.Remove("b").Should().BeNull();
        table.Remove("a").Should().NotBeNull();
    }

    private static OpenTaskTable<List<string>> NewTable(int capacity, TimeSpan? staleAfter = null) =>
        new(capacity, staleAfter ?? TimeSpan.FromHours(1), static () => [], static s => s.Clear());
}
