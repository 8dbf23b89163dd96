using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

/// <summary>
/// <see cref="QuantileSketch.MergeAll"/> (the fleet leader's merge of one subject's sketches at once) against the merges
/// one after another it replaces, and the kept values read in place (<see cref="QuantileSketch.ReadFrom"/> with borrow).
/// </summary>
public sealed class QuantileSketchMergeAllTests
{
    private static readonly double[] Quantiles = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MergeAll_AnyMixOfParts_IsTheSketchTheMergesOneAfterAnotherGive(int seed)
    {
        var random = new Random(seed);
        var parts = Enumerable.Range(0, random.Next(0, 10)).Select(_ => Part(random)).ToList();
        var read = parts.Select(p => SketchBytes.Borrowed(SketchBytes.Write(p))).ToList();

        var all = QuantileSketch.MergeAll(read);

        var sequential = new QuantileSketch();
        foreach (var part in parts)
        {
            sequential.Merge(part);
        }

        all.SameAs(sequential).Should().BeTrue($"seed {seed}: {parts.Count} parts of {string.Join("/", parts.Select(p => p.Count))} values");
        all.BucketCount.Should().Be(sequential.BucketCount);
        all.Sum.Should().Be(sequential.Sum, "the sums add in the same order");
        foreach (var q in Quantiles)
        {
            all.Quantile(q).Should().Be(sequential.Quantile(q), "q={0}", q);
        }
    }

    [Fact]
    public void MergeAll_ValuesSpanningMoreIndicesThanBuckets_CollapsesAsTheMergesOneAfterAnother()
    {
        // 1e-8 … 1e13 s: about 2,400 bucket indices, more than the 2,048 buckets a sketch keeps.
        var random = new Random(5);
        var parts = Enumerable.Range(0, 4).Select(_ =>
        {
            var part = new QuantileSketch();
            for (var i = 0; i < 3_000; i++)
            {
                part.Add(Math.Pow(10, (random.NextDouble() * 21) - 8));
            }

            return part;
        }).ToList();

        var all = QuantileSketch.MergeAll(parts);

        var sequential = new QuantileSketch();
        parts.ForEach(sequential.Merge);
        all.SameAs(sequential).Should().BeTrue();
        all.BucketCount.Should().Be(QuantileSketch.MaxBuckets);
    }

    [Fact]
    public void MergeAll_Parts_AreLeftAsTheyWere()
    {
        var random = new Random(11);
        var parts = Enumerable.Range(0, 6).Select(_ => Part(random)).ToList();
        var before = parts.Select(SketchBytes.Write).ToList();

        QuantileSketch.MergeAll(parts);

        parts.Select(SketchBytes.Write).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    [Fact]
    public void ReadFrom_Borrowed_IsTheCopiedSketchAndOwnsItsValuesOnceItChanges()
    {
        var original = new QuantileSketch();
        foreach (var value in new[] { 0.5, 2.25, 0, 7.125, 1.5 })
        {
            original.Add(value);
        }

        var bytes = SketchBytes.Write(original);
        var borrowed = SketchBytes.Borrowed(bytes);
        borrowed.SameAs(original).Should().BeTrue();
        borrowed.Quantile(0.5).Should().Be(original.Quantile(0.5));

        borrowed.Add(3);
        original.Add(3);
        Array.Fill(bytes, (byte)0xFF); // the buffer reused for something else once the sketch has its own values

        borrowed.SameAs(original).Should().BeTrue();
        borrowed.Quantile(0.9).Should().Be(original.Quantile(0.9));
        SketchBytes.Write(borrowed).Should().Equal(SketchBytes.Write(original));
    }

    [Fact]
    public void ReadFrom_BucketRepeatedByANegativeStep_IsRefused()
    {
        // Three buckets at indices 2, 1, 2 (steps +2, −1, +1): the third repeats the first. Before, it was added to it silently.
        byte[] bytes = [2, 3, .. new byte[16], 0, 3, 4, 1, 1, 1, 2, 1];

        var act = () => QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes)));

        act.Should().Throw<InvalidDataException>().WithMessage("*repeated bucket*");
    }

    [Fact]
    public void ReadFrom_BorrowedValuesCutShort_ThrowsEndOfStream()
    {
        var sketch = new QuantileSketch();
        sketch.Add(1);
        sketch.Add(2);
        var bytes = SketchBytes.Write(sketch)[..^3];

        var act = () => QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes, 0, bytes.Length, false, true)), borrow: true);

        act.Should().Throw<EndOfStreamException>();
    }

    [Fact]
    public void WriteTo_MoreZerosThanTheSketchKeepsExactly_WritesReadsAndMerges()
    {
        // 300 calls that took no measurable time: in bucket form with every value counted as zero and no bucket.
        // Before, writing it threw (a tool like that made the instance's whole aggregate fail).
        var zeros = new QuantileSketch();
        for (var i = 0; i < 300; i++)
        {
            zeros.Add(0);
        }

        var read = SketchBytes.Borrowed(SketchBytes.Write(zeros));
        var merged = QuantileSketch.MergeAll([read, zeros, read]);
        var sequential = new QuantileSketch();
        sequential.Merge(read);
        sequential.Merge(zeros);
        sequential.Merge(read);

        read.SameAs(zeros).Should().BeTrue();
        merged.SameAs(sequential).Should().BeTrue();
        (merged.Count, merged.Quantile(0.95), merged.Max, merged.BucketCount).Should().Be((900L, 0.0, 0.0, 0));
    }

    [Fact]
    public void ReadFrom_FewBucketsFarApart_ReadsThemWithoutAnArrayOfTheirWholeRange()
    {
        // Two buckets 4,000 indices apart (values near e^-40 and e^40) in a few bytes: a dense array of the range is
        // 32 KB of zeros per sketch, and an aggregate of a million such sketches would ask for gigabytes.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write((byte)2); // bucket form
            writer.Write7BitEncodedInt64(12);
            writer.Write(1e17);
            writer.Write(1e17);
            writer.Write7BitEncodedInt64(0); // zeros
            writer.Write7BitEncodedInt(2);
            writer.Write7BitEncodedInt(ZigZag(-2_000));
            writer.Write7BitEncodedInt64(5);
            writer.Write7BitEncodedInt(ZigZag(4_000));
            writer.Write7BitEncodedInt64(7);
        }

        var bytes = stream.ToArray();
        var read = QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes)));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var again = QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes)));

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8_000);
        (again.Count, again.BucketCount).Should().Be((12L, 2));
        again.SameAs(read).Should().BeTrue();
        again.Quantile(0).Should().BeLessThan(1e-16);
        again.Quantile(1).Should().BeGreaterThan(1e16);
    }

    private static int ZigZag(int delta) => (delta << 1) ^ (delta >> 31);

    /// <summary>A part as instances send them: empty, a few values, up to the exact capacity, bucketed, with zeros, or all zeros.</summary>
    private static QuantileSketch Part(Random random)
    {
        var part = new QuantileSketch();
        var count = random.Next(6) switch
        {
            0 => 0,
            1 => random.Next(1, 20),
            2 => random.Next(20, QuantileSketch.ExactCapacity + 1),
            3 => random.Next(QuantileSketch.ExactCapacity + 1, 3_000),
            _ => random.Next(1, 400),
        };
        var zeros = random.Next(4) == 0 ? random.NextDouble() : 0.02;
        var spread = 1 + (random.NextDouble() * 8);
        for (var i = 0; i < count; i++)
        {
            part.Add(random.NextDouble() < zeros ? 0 : Math.Exp((random.NextDouble() * spread) - 3));
        }

        return part;
    }
}
