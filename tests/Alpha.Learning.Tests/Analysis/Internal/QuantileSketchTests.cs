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

/// <summary>The dictionary-backed bucket store the sketch used before its dense array: the behaviour to keep.</summary>
internal sealed class ReferenceQuantileSketch
{
    public const int ExactCapacity = 256;
    public const int MaxBuckets = 2048;
    private const double RelativeAccuracy = 0.01;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);
    private const double MinPositive = 1e-9;

    private double[]? _exact = new double[8];
    private Dictionary<int, long>? _buckets;
    private long _zeroCount;

    public long Count { get; private set; }

    public double Max { get; private set; } = double.NaN;

    public double Sum { get; private set; }

    /// <summary>Gets the number of buckets in use (for memory tests).</summary>
    public int BucketCount => _buckets?.Count ?? 0;

    public void Add(double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            return;
        }

        if (Count == 0 || value > Max)
        {
            Max = value;
        }

        Sum += value;
        if (_exact is { } exact)
        {
            if (Count < ExactCapacity)
            {
                if (Count == exact.Length)
                {
                    Array.Resize(ref _exact, exact.Length * 2);
                    exact = _exact!;
                }

                exact[Count++] = value;
                return;
            }

            _buckets = new Dictionary<int, long>();
            for (var i = 0; i < Count; i++)
            {
                AddToBuckets(exact[i]);
            }

            _exact = null;
        }

        AddToBuckets(value);
        Count++;
    }

    private void AddToBuckets(double value)
    {
        if (value < MinPositive)
        {
            _zeroCount++;
            return;
        }

        var index = (int)Math.Ceiling(Math.Log(value) / LogGamma);
        var buckets = _buckets!;
        if (buckets.TryGetValue(index, out var existing))
        {
            buckets[index] = existing + 1;
            return;
        }

        if (buckets.Count >= MaxBuckets)
        {
            // Collapse the lowest bucket into the next one: high quantiles keep their accuracy.
            var lowest = int.MaxValue;
            foreach (var key in buckets.Keys)
            {
                lowest = Math.Min(lowest, key);
            }

            if (index < lowest)
            {
                index = lowest;
            }
            else
            {
                var moved = buckets[lowest];
                buckets.Remove(lowest);
                var next = int.MaxValue;
                foreach (var key in buckets.Keys)
                {
                    next = Math.Min(next, key);
                }

                if (next == int.MaxValue || index < next)
                {
                    next = index;
                }

                buckets[next] = buckets.GetValueOrDefault(next) + moved;
            }
        }

        buckets[index] = buckets.GetValueOrDefault(index) + 1;
    }

    /// <summary>Returns the <paramref name="q"/>-quantile (0 … 1), or NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        if (_exact is { } exact)
        {
            var copy = exact.AsSpan(0, (int)Count).ToArray();
            Array.Sort(copy);
            return Alpha.Learning.Analysis.Internal.Statistics.QuantileSorted(copy, q);
        }

        var rank = Math.Clamp(q, 0, 1) * (Count - 1);
        if (rank < _zeroCount)
        {
            return 0;
        }

        var keys = new int[_buckets!.Count];
        _buckets.Keys.CopyTo(keys, 0);
        Array.Sort(keys);
        double seen = _zeroCount;
        foreach (var key in keys)
        {
            seen += _buckets[key];
            if (seen > rank)
            {
                var estimate = 2 * Math.Pow(Gamma, key) / (Gamma + 1);
                return Math.Min(estimate, Max);
            }
        }

        return Max;
    }
}
