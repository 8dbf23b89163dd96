using System.Buffers;
using System.Text;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The primitive fields of the fleet's binary aggregates, shared by <see cref="FleetEvidenceFormat"/> and
/// <see cref="FleetDetailFormat"/>: strings as UTF-8 with a length prefix, counts as non-negative
/// variable-length integers, instants as UTC ticks; a field out of range throws <see cref="InvalidDataException"/>
/// saying what it holds, which the readers turn into an error naming the instance.
/// </summary>
internal static class FleetBinary
{
    public static void WriteList(BinaryWriter writer, List<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>
    /// Reads a string as <see cref="BinaryWriter.Write(string)"/> writes it, its length checked against the bytes left before
    /// anything is allocated or read. There is no other limit: a name is as long as the log line that held it (up to
    /// <c>MaxLineBytes</c>), and an instance whose aggregate the leader refused would be left out of every merge.
    /// </summary>
    /// <exception cref="EndOfStreamException">The string runs past the end of the bytes.</exception>
    public static string Text(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        Check(length >= 0, "a string of negative length");
        var stream = reader.BaseStream;
        if (length > stream.Length - stream.Position)
        {
            throw new EndOfStreamException();
        }

        if (length <= 256)
        {
            Span<byte> bytes = stackalloc byte[length];
            reader.BaseStream.ReadExactly(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            reader.BaseStream.ReadExactly(rented.AsSpan(0, length));
            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The largest count a field may hold (2^50, about 10^15): sums of counts checked against each other, and of a fleet's instances, cannot overflow.</summary>
    public const long MaxCount = 1L << 50;

    public static long Count(BinaryReader reader)
    {
        var value = reader.Read7BitEncodedInt64();
        Check(value >= 0, "a negative count");
        Check(value <= MaxCount, "a count over 2^50");
        return value;
    }

    public static DateTimeOffset Instant(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        Check(ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks, "an instant out of range");
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException("it holds " + what);
        }
    }
}
