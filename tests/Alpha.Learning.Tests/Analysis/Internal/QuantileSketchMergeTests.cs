using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class QuantileSketchMergeTests
{
    private static readonly double[] Quantiles = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

    [Theory]
    [InlineData(1, 4, 30)]        // every part and the union exact
    [InlineData(2, 4, 100)]       // parts exact, the union bucketed
    [InlineData(3, 8, 5_000)]     // parts bucketed
    [InlineData(4, 3, 20_000)]
    public void Merge_PartsOfOneStream_SameQuantilesCountSumAndMaxAsOneSketchOfTheUnion(int seed, int parts, int values)
    {
        var random = new Random(seed);
        var union = new QuantileSketch();
        var sketches = Enumerable.Range(0, parts).Select(_ => new QuantileSketch()).ToArray();
        var all = new List<double>();
        for (var i = 0; i < values; i++)
        {
            // Log-normal durations with some zeros, as tool calls look.
            var value = random.NextDouble() < 0.02 ? 0 : Math.Exp(random.NextDouble() * 6 - 2);
            all.Add(value);
            union.Add(value);
            sketches[random.Next(parts)].Add(value);
        }

        var merged = new QuantileSketch();
        foreach (var sketch in sketches)
        {
            merged.Merge(SketchBytes.RoundTrip(sketch));
        }

        merged.Count.Should().Be(union.Count);
        merged.Max.Should().Be(union.Max);
        merged.Sum.Should().BeApproximately(union.Sum, 1e-9 * union.Sum);
        all.Sort();
        foreach (var q in Quantiles)
        {
            merged.Quantile(q).Should().Be(union.Quantile(q), "q={0}: the merge gives the union's sketch", q);

            // And within the stated accuracy of the exact value at that rank.
            var rank = q * (all.Count - 1);
            var low = all[(int)Math.Floor(rank)];
            var high = all[(int)Math.Ceiling(rank)];
            merged.Quantile(q).Should().BeInRange(low * (1 - QuantileSketch.Accuracy) - 1e-9, high * (1 + QuantileSketch.Accuracy) + 1e-9, "q={0}", q);
        }
    }

    [Fact]
    public void WriteTo_BucketedSketch_IsCompactAndReadsBackEqual()
    {
        var sketch = new QuantileSketch();
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            sketch.Add(Math.Exp(random.NextDouble() * 4));
        }

        var bytes = SketchBytes.Write(sketch);
        var read = SketchBytes.RoundTrip(sketch);

        bytes.Length.Should().BeLessThan(2_000, "a few hundred buckets as small integers, not 100,000 values");
        read.Count.Should().Be(sketch.Count);
        read.Quantile(0.95).Should().Be(sketch.Quantile(0.95));
        read.Max.Should().Be(sketch.Max);
    }

    [Theory]
    [InlineData(new byte[] { 9 }, "format byte 9")]
    [InlineData(new byte[] { 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "holds 3 values but its buckets hold 0")]
    [InlineData(new byte[] { 1, 0x81, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "at most 256")]
    public void ReadFrom_BadBytes_ThrowsInvalidDataNamingTheProblem(byte[] bytes, string expected)
    {
        var act = () => QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes)));

        act.Should().Throw<InvalidDataException>().WithMessage($"*{expected}*");
    }
}
