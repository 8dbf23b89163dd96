using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

/// <summary>
/// <see cref="QuantileSketch.MergeAll"/> against the merges one after another on the edges the random mixes rarely hit:
/// parts whose union spans exactly <see cref="QuantileSketch.MaxBuckets"/> bucket indices or one more, bucket-form parts
/// of a few values (as another instance may write them), zeros only, the same object listed twice, sparse buckets, huge
/// counts; and the sketch read in place against the one copied out.
/// </summary>
public sealed class QuantileSketchMergeAllEdgeTests
{
    private static readonly double LogGamma = Math.Log(1.01 / 0.99);

    public static TheoryData<int> Seeds => [.. Enumerable.Range(100, 60)];

    [Theory]
    [InlineData(QuantileSketch.MaxBuckets - 1)]
    [InlineData(QuantileSketch.MaxBuckets)]
    [InlineData(QuantileSketch.MaxBuckets + 1)]
    [InlineData(QuantileSketch.MaxBuckets + 2)]
    public void MergeAll_UnionSpanningAboutMaxBucketsIndices_IsTheSketchTheMergesOneAfterAnotherGive(int span)
    {
        // Every index of the span present once (so the union has `span` distinct buckets) and the ends hit again, spread
        // over parts in bucket form and in exact form; the collapse starts at MaxBuckets + 1.
        const int low = -900;
        var all = Enumerable.Range(low, span).ToList();
        var parts = new List<QuantileSketch>
        {
            Values(all.Where(i => (i - low) % 3 == 0)),
            Values(all.Where(i => (i - low) % 3 == 1)),
            Values([low, low + span - 1, low + 7]),
            Values(all.Where(i => (i - low) % 3 == 2)),
            Values([low + span - 1, 0, 0]),
        };
        parts.Add(parts[2]); // the same object twice

        var expected = Sequential(parts);
        var merged = QuantileSketch.MergeAll(parts);

        ShouldBeSame(merged, expected);
        merged.BucketCount.Should().Be(Math.Min(span, QuantileSketch.MaxBuckets));
        ShouldBeSame(QuantileSketch.MergeAll([.. parts.Select(p => SketchBytes.Borrowed(SketchBytes.Write(p)))]), expected);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MergeAll_HandWrittenAndAddedPartsOfEveryForm_IsTheSketchTheMergesOneAfterAnotherGive(int seed)
    {
        var random = new Random(seed);
        var parts = new List<QuantileSketch>();
        for (var n = random.Next(1, 9); n > 0; n--)
        {
            parts.Add(random.Next(8) switch
            {
                0 when parts.Count > 0 => parts[random.Next(parts.Count)], // the same object again
                1 => Written(random, small: true),
                2 => Written(random, small: false),
                3 => new QuantileSketch(),
                4 => Zeros(random.Next(1, 600)),
                5 => Values(Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(-1_000, 1_100))),
                _ => Added(random),
            });
        }

        var copies = parts.Select(p => SketchBytes.Borrowed(SketchBytes.Write(p))).ToList();
        var expected = Sequential(parts);

        ShouldBeSame(QuantileSketch.MergeAll(parts), expected, $"seed {seed}");
        ShouldBeSame(QuantileSketch.MergeAll(copies), expected, $"seed {seed}, read in place");

        // The merged sketch goes on as the sequential one does (values added after, then merged again).
        var merged = QuantileSketch.MergeAll(copies);
        for (var i = 0; i < 300; i++)
        {
            var value = random.Next(5) == 0 ? 0 : Math.Exp((random.NextDouble() * 30) - 10);
            merged.Add(value);
            expected.Add(value);
        }

        merged.Merge(copies[0]);
        expected.Merge(parts[0]);
        ShouldBeSame(merged, expected, $"seed {seed}, after more values");
    }

    [Fact]
    public void MergeAll_BucketFormPartOfFewValuesFirst_StaysInBucketFormAsTheMergesGive()
    {
        // Another instance may write a handful of values in bucket form (a sketch merged from parts): merged with
        // exact parts, the result is in bucket form, as the merges one after another give it.
        var few = SketchBytes.Read(Sketch(format: 2, count: 3, sum: 3, max: 1, zeros: 1, (0, 2)));
        var exact = Values([5, 6]);

        var expected = Sequential([few, exact]);
        var merged = QuantileSketch.MergeAll([few, exact]);

        ShouldBeSame(merged, expected);
        merged.BucketCount.Should().Be(3);
        SketchBytes.Write(merged)[0].Should().Be(2, "bucket form");
    }

    [Fact]
    public void MergeAll_HugeCounts_AddAsTheMergesOneAfterAnother()
    {
        var big = SketchBytes.Read(Sketch(format: 2, count: long.MaxValue / 4, sum: 1e300, max: 5, zeros: 7, (3, (long.MaxValue / 4) - 7)));
        var parts = new[] { big, Values([2, 3, 4]), big };

        var merged = QuantileSketch.MergeAll(parts);

        ShouldBeSame(merged, Sequential(parts));
        merged.Count.Should().Be((2 * (long.MaxValue / 4)) + 3);
    }

    [Fact]
    public void MergeAll_BucketsAtTheEndsOfTheIndexRange_MergeWithoutError()
    {
        // Indices no value gives, as hostile bytes may hold them: refused or merged, never an exception of another kind.
        var parts = new[]
        {
            SketchBytes.Read(Sketch(format: 2, count: 2, sum: 1, max: 1, zeros: 0, (int.MaxValue, 1), (int.MinValue + 1, 1))),
            SketchBytes.Read(Sketch(format: 2, count: 3, sum: 1, max: 1, zeros: 1, (int.MaxValue - 40, 1), (int.MaxValue, 1))),
            Values([1, 2]),
            SketchBytes.Read(Sketch(format: 2, count: 1, sum: 1, max: 1, zeros: 0, (int.MinValue, 1))),
        };

        var merged = QuantileSketch.MergeAll(parts);

        ShouldBeSame(merged, Sequential(parts));
        merged.Count.Should().Be(8);
    }

    [Fact]
    public void ReadFrom_BorrowedAtAnOddOffset_IsTheCopiedSketchAndLeavesTheBufferAlone()
    {
        var sketch = Values([1, 2, 3, -5, 40, 0]);
        var bytes = SketchBytes.Write(sketch);
        var buffer = new byte[bytes.Length + 13];
        bytes.CopyTo(buffer, 5); // the values at an offset no double is aligned to
        var before = (byte[])buffer.Clone();
        using var stream = new MemoryStream(buffer, 5, bytes.Length, writable: false, publiclyVisible: true);

        var borrowed = QuantileSketch.ReadFrom(new BinaryReader(stream), borrow: true);
        borrowed.Merge(borrowed); // copies itself, then owns its values
        sketch.Merge(sketch);

        ShouldBeSame(borrowed, sketch);
        buffer.Should().Equal(before);
        stream.Position.Should().Be(bytes.Length);
    }

    [Fact]
    public void ReadFrom_BucketCountsThatOverflowToTheTotal_AreRefused()
    {
        // Bucket counts whose sum wraps around to the stated count (2^62 · 4 + 3 ≡ 3) are not a sketch of 3 values.
        var bytes = Sketch(format: 2, count: 3, sum: 1, max: 1, zeros: 3, (1, 1L << 62), (2, 1L << 62), (3, 1L << 62), (4, 1L << 62));

        var act = () => SketchBytes.Read(bytes);

        act.Should().Throw<InvalidDataException>();
    }

    private static void ShouldBeSame(QuantileSketch actual, QuantileSketch expected, string because = "")
    {
        actual.SameAs(expected).Should().BeTrue(because);
        SketchBytes.Write(actual).Should().Equal(SketchBytes.Write(expected), because);
        actual.BucketCount.Should().Be(expected.BucketCount, because);
        BitConverter.DoubleToInt64Bits(actual.Sum).Should().Be(BitConverter.DoubleToInt64Bits(expected.Sum), because);
        actual.Max.Should().Be(expected.Max, because);
        actual.Count.Should().Be(expected.Count, because);
        foreach (var q in new[] { 0, 0.05, 0.5, 0.95, 0.99, 1 })
        {
            actual.Quantile(q).Should().Be(expected.Quantile(q), because);
        }
    }

    private static QuantileSketch Sequential(IEnumerable<QuantileSketch> parts)
    {
        var sketch = new QuantileSketch();
        foreach (var part in parts)
        {
            sketch.Merge(part);
        }

        return sketch;
    }

    /// <summary>A value in the bucket of <paramref name="index"/> (negative indices below about −1,036 are zeros).</summary>
    private static double At(int index) => Math.Exp((index - 0.5) * LogGamma);

    private static QuantileSketch Values(IEnumerable<int> indexes)
    {
        var sketch = new QuantileSketch();
        foreach (var index in indexes)
        {
            sketch.Add(index < -5_000 ? 0 : At(index));
        }

        return sketch;
    }

    private static QuantileSketch Zeros(int count)
    {
        var sketch = new QuantileSketch();
        for (var i = 0; i < count; i++)
        {
            sketch.Add(0);
        }

        return sketch;
    }

    private static QuantileSketch Added(Random random)
    {
        var sketch = new QuantileSketch();
        var count = random.Next(2) == 0 ? random.Next(1, QuantileSketch.ExactCapacity + 1) : random.Next(257, 5_000);
        var center = random.Next(-800, 1_500);
        var width = random.Next(4) == 0 ? 3_000 : random.Next(1, 1_200);
        for (var i = 0; i < count; i++)
        {
            sketch.Add(random.Next(20) == 0 ? 0 : At(Math.Max(-1_030, center + random.Next(-width / 2, (width / 2) + 1))));
        }

        return sketch;
    }

    /// <summary>A bucket-form sketch as another instance may write it: few values, or buckets far apart (sparse).</summary>
    private static QuantileSketch Written(Random random, bool small)
    {
        var buckets = small ? random.Next(0, 5) : random.Next(1, 300);
        var spread = small ? 50 : random.Next(2) == 0 ? 6_000 : 2_100;
        var indexes = new SortedSet<int>();
        while (indexes.Count < buckets)
        {
            indexes.Add(random.Next(-1_030, -1_030 + spread));
        }

        var entries = indexes.Select(i => (i, (long)random.Next(1, small ? 3 : 1_000))).ToArray();
        var zeros = (long)random.Next(0, 4);
        var count = zeros + entries.Sum(e => e.Item2);
        return SketchBytes.Read(Sketch(format: 2, count: count, sum: count * 1.5, max: entries.Length == 0 ? 0 : At(entries[^1].i), zeros: zeros, entries));
    }

    private static byte[] Sketch(byte format, long count, double sum, double max, long zeros, params (int Index, long Count)[] entries)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(format);
            writer.Write7BitEncodedInt64(count);
            writer.Write(sum);
            writer.Write(max);
            writer.Write7BitEncodedInt64(zeros);
            writer.Write7BitEncodedInt(entries.Length);
            var previous = 0;
            foreach (var (index, amount) in entries)
            {
                var delta = unchecked(index - previous);
                writer.Write7BitEncodedInt((delta << 1) ^ (delta >> 31));
                writer.Write7BitEncodedInt64(amount);
                previous = index;
            }
        }

        return stream.ToArray();
    }
}
