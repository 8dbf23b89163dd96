using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

/// <summary>The serialised form of <see cref="QuantileSketch"/> in the sketch tests: written, read back copied or in place.</summary>
internal static class SketchBytes
{
    public static byte[] Write(QuantileSketch sketch)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            sketch.WriteTo(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Reads the sketch with its kept values copied out.</summary>
    public static QuantileSketch Read(byte[] bytes) => QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes)));

    /// <summary>Reads the sketch with its kept values left in <paramref name="bytes"/> (as the fleet leader reads aggregates).</summary>
    public static QuantileSketch Borrowed(byte[] bytes) =>
        QuantileSketch.ReadFrom(new BinaryReader(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true)), borrow: true);

    public static QuantileSketch RoundTrip(QuantileSketch sketch) => Read(Write(sketch));
}
