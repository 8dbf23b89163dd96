using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class SmallLongSetTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SmallLongSet.InlineCapacity)]
    [InlineData(SmallLongSet.InlineCapacity + 1)]
    [InlineData(200)]
    public void AddContainsEnumerate_RandomValues_MatchHashSet(int count)
    {
        var random = new Random(count);
        var set = new SmallLongSet();
        for (var round = 0; round < 3; round++)
        {
            var expected = new HashSet<long>();
            set.Clear();
            for (var i = 0; i < count; i++)
            {
                var value = random.Next(0, count + 1) - 1L;
                set.Add(value).Should().Be(expected.Add(value));
            }

            set.Count.Should().Be(expected.Count);
            for (var value = -2L; value <= count + 1; value++)
            {
                set.Contains(value).Should().Be(expected.Contains(value));
            }

            var seen = new List<long>();
            foreach (var value in set)
            {
                seen.Add(value);
            }

            seen.Should().Equal(expected, "the set enumerates in insertion order, as a HashSet without removals does");
        }
    }
}
