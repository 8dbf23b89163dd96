using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

/// <summary>
/// <see cref="QuantileSketch.ReadFrom"/> on bytes changed at random (another instance's aggregate is input): refused with a
/// data error (which the fleet reader turns into one naming the instance), or read into a sketch that every later step
/// takes (the merges, quantiles, writing and reading again), read in place or copied alike.
/// </summary>
public sealed class QuantileSketchHostileBytesTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 6)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReadFrom_BytesChangedAtRandom_RefusedAsDataOrUsableEverywhere(int seed)
    {
        var random = new Random(seed);
        var valid = Samples().Select(SketchBytes.Write).ToList();
        var accepted = 0;
        for (var round = 0; round < 1_500; round++)
        {
            var bytes = Mutate(random, valid[random.Next(valid.Count)]);
            QuantileSketch borrowed;
            try
            {
                borrowed = Read(bytes, borrow: true);
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
            {
                var refused = () => Read(bytes, borrow: false);
                refused.Should().Throw<Exception>().Which.Should().Match(e => e is InvalidDataException || e is EndOfStreamException || e is FormatException);
                continue;
            }

            accepted++;
            var copied = Read(bytes, borrow: false);
            var because = $"seed {seed} round {round}: {Convert.ToHexString(bytes)}";
            borrowed.SameAs(copied).Should().BeTrue(because);
            SketchBytes.Write(borrowed).Should().Equal(SketchBytes.Write(copied), because);

            var other = Read(valid[random.Next(valid.Count)], borrow: false);
            var parts = new[] { borrowed, other, borrowed, copied };
            var merged = QuantileSketch.MergeAll(parts);
            var sequential = new QuantileSketch();
            foreach (var part in parts)
            {
                sequential.Merge(part);
            }

            merged.SameAs(sequential).Should().BeTrue(because);
            merged.Count.Should().Be(unchecked((3 * copied.Count) + other.Count), because);
            foreach (var q in new[] { 0, 0.5, 0.99, 1 })
            {
                merged.Quantile(q).Should().Be(sequential.Quantile(q), because);
                borrowed.Quantile(q).Should().Be(copied.Quantile(q), because);
            }

            borrowed.Add(1.5);
            copied.Add(1.5);
            borrowed.SameAs(copied).Should().BeTrue(because);
        }

        accepted.Should().BeGreaterThan(25, "some changed bytes are still a sketch (a changed value or count)");
    }

    private static IEnumerable<QuantileSketch> Samples()
    {
        var random = new Random(3);
        foreach (var count in new[] { 0, 1, 5, 256, 300, 2_000 })
        {
            foreach (var spread in new[] { 0.0, 4, 60 })
            {
                var sketch = new QuantileSketch();
                for (var i = 0; i < count; i++)
                {
                    sketch.Add(spread == 0 ? 0 : Math.Exp((random.NextDouble() * spread) - (spread / 2)));
                }

                yield return sketch;
            }
        }
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var result = bytes.ToList();
        for (var n = random.Next(1, 4); n > 0 && result.Count > 0; n--)
        {
            var at = random.Next(result.Count);
            switch (random.Next(6))
            {
                case 0:
                    result[at] = (byte)random.Next(256);
                    break;
                case 1:
                    result[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    result.RemoveRange(at, result.Count - at);
                    break;
                case 3:
                    result.Insert(at, (byte)random.Next(256));
                    break;
                case 4:
                    result[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x7F;
                    break;
                default:
                    result.RemoveAt(at);
                    break;
            }
        }

        return [.. result];
    }

    private static QuantileSketch Read(byte[] bytes, bool borrow)
    {
        // Read from the middle of a larger buffer, as a sketch sits in an aggregate.
        var buffer = new byte[bytes.Length + 7];
        bytes.CopyTo(buffer, 3);
        using var stream = new MemoryStream(buffer, 3, bytes.Length, writable: false, publiclyVisible: true);
        return QuantileSketch.ReadFrom(new BinaryReader(stream), borrow);
    }
}
