using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class QuantileSketchTests
{
    private static readonly double[] Quantiles = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    public static TheoryData<string> Distributions => new()
    {
        "durations", "costs", "constant", "zeros-and-values", "ascending-wide", "descending-wide", "collapse", "sparse-extremes", "mixed",
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Add_Distribution_SameQuantilesAndBucketsAsDictionaryStore(string distribution)
    {
        var random = new Random(distribution.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var sketch = new QuantileSketch();
        var reference = new ReferenceQuantileSketch();
        var checkpoints = new HashSet<int> { 1, 255, 256, 257, 300, 1_000, 5_000, 20_000, 59_999 };

        for (var i = 0; i < 60_000; i++)
        {
            var value = Next(distribution, random, i);
            sketch.Add(value);
            reference.Add(value);
            if (checkpoints.Contains(i))
            {
                AssertSame(sketch, reference);
            }
        }
    }

    [Fact]
    public void Add_ManyDistinctBuckets_StaysWithinMaxBuckets()
    {
        var sketch = new QuantileSketch();
        for (var i = 0; i < 40_000; i++)
        {
            sketch.Add(Math.Pow(1.0202, i % 35_000) * 1e-9);
        }

        sketch.BucketCount.Should().BeLessThanOrEqualTo(QuantileSketch.MaxBuckets);
    }

    private static void AssertSame(QuantileSketch sketch, ReferenceQuantileSketch reference)
    {
        sketch.Count.Should().Be(reference.Count);
        sketch.Sum.Should().Be(reference.Sum);
        sketch.Max.Should().Be(reference.Max);
        sketch.BucketCount.Should().Be(reference.BucketCount);
        foreach (var q in Quantiles)
        {
            sketch.Quantile(q).Should().Be(reference.Quantile(q), "quantile {0}", q);
        }
    }

    private static double Next(string distribution, Random random, int i) => distribution switch
    {
        "durations" => Math.Exp((random.NextDouble() * 4) - 1),
        "costs" => random.NextDouble() * random.NextDouble() * 0.5,
        "constant" => 2.5,
        "zeros-and-values" => i % 3 == 0 ? 0 : i % 7 == 0 ? 1e-12 : random.NextDouble() * 10,
        "ascending-wide" => Math.Pow(1.0203, i % 8_000) * 1e-6,
        "descending-wide" => Math.Pow(1.0203, 8_000 - (i % 8_000)) * 1e-6,
        "collapse" => Math.Pow(1.0202, random.Next(0, 3_000)) * 1e-3,
        "sparse-extremes" => i % 2 == 0 ? 1e-8 * (1 + random.NextDouble()) : 1e250 * (1 + random.NextDouble()),
        _ => random.Next(0, 5) switch
        {
            0 => double.NaN,
            1 => -1,
            2 => double.PositiveInfinity,
            3 => Math.Pow(10, random.Next(-9, 300)),
            _ => random.NextDouble(),
        },
    };
}
