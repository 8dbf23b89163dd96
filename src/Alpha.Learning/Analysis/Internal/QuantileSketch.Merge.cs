using System.Runtime.InteropServices;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The merge and the serialised form of <see cref="QuantileSketch"/>, for evidence that several processes collect apart
/// and one process combines (fleet mode).
/// </summary>
/// <remarks>
/// The merge is exact: merging sketches gives the sketch that adding all their values to one sketch gives (the same
/// kept values while the total fits <see cref="ExactCapacity"/>, else the same bucket counts), so counts, sums and the
/// maximum are exact and quantiles carry the single sketch's error: the value at the quantile's rank within 1 %
/// relative accuracy. (The one exception is a sketch whose values span more than <see cref="MaxBuckets"/> buckets, a
/// range of about 10^17: its lowest buckets collapse in a different order.)
/// </remarks>
internal sealed partial class QuantileSketch
{
    private const byte FormatExact = 1;
    private const byte FormatBuckets = 2;

    /// <summary>Gets the relative accuracy of a quantile once values are bucketed (0.01: within 1 %).</summary>
    public static double Accuracy => RelativeAccuracy;

    /// <summary>Adds every value of <paramref name="other"/> to this sketch (<paramref name="other"/> is left as it was).</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0 || ReferenceEquals(other, this))
        {
            if (ReferenceEquals(other, this) && Count > 0)
            {
                Merge(Copy(other));
            }

            return;
        }

        if (Count == 0 || other.Max > Max)
        {
            Max = other.Max;
        }

        Sum += other.Sum;
        if (_exact is { } exact && other._exact is { } theirs && Count + other.Count <= ExactCapacity)
        {
            var total = (int)(Count + other.Count);
            if (exact.Length < total)
            {
                Array.Resize(ref _exact, Math.Max(total, exact.Length * 2));
            }

            Array.Copy(theirs, 0, _exact!, Count, other.Count);
            Count = total;
            return;
        }

        ToBuckets();
        if (other._exact is { } values)
        {
            AddAllToBuckets(values.AsSpan(0, (int)other.Count));
        }
        else
        {
            _zeroCount += other._zeroCount;
            foreach (var (index, count) in other._buckets!.Entries())
            {
                if (!_buckets!.TryAddExisting(index, count))
                {
                    AddToBucket(index, count);
                }
            }
        }

        Count += other.Count;
    }

    /// <summary>Writes the sketch compactly: the kept values, or the zero count and the bucket counts (index deltas and counts as variable-length integers).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_exact is null ? FormatBuckets : FormatExact);
        writer.Write7BitEncodedInt64(Count);
        writer.Write(Sum);
        writer.Write(Count == 0 ? 0 : Max);
        if (_exact is { } exact)
        {
            for (var i = 0; i < Count; i++)
            {
                writer.Write(exact[i]);
            }

            return;
        }

        writer.Write7BitEncodedInt64(_zeroCount);
        var entries = _buckets!.Entries();
        writer.Write7BitEncodedInt(entries.Count);
        var previous = 0;
        foreach (var (index, count) in entries)
        {
            // Zig-zag so a negative delta (only the first index can be below zero) stays short.
            var delta = index - previous;
            writer.Write7BitEncodedInt((delta << 1) ^ (delta >> 31));
            writer.Write7BitEncodedInt64(count);
            previous = index;
        }
    }

    /// <summary>Reads a sketch written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="InvalidDataException">The data is not a sketch (a wrong format byte, negative or inconsistent counts, values that are not finite).</exception>
    public static QuantileSketch ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var format = reader.ReadByte();
        if (format is not FormatExact and not FormatBuckets)
        {
            throw new InvalidDataException($"A quantile sketch starts with the format byte {format}; 1 (exact) or 2 (buckets) was expected.");
        }

        var count = ReadCount(reader);
        var sum = reader.ReadDouble();
        var max = reader.ReadDouble();
        if (!double.IsFinite(sum) || sum < 0 || !double.IsFinite(max) || max < 0)
        {
            throw new InvalidDataException("A quantile sketch holds a sum or maximum that is negative or not finite.");
        }

        var sketch = new QuantileSketch();
        if (format == FormatExact)
        {
            if (count > ExactCapacity)
            {
                throw new InvalidDataException($"A quantile sketch in exact form holds {count} values; at most {ExactCapacity} are kept exactly.");
            }

            // The values straight into an array of their number (a fleet leader decodes thousands of these per
            // instance: adding them one by one grew each array by doubling, four times the bytes, and read 8 bytes a call).
            var values = new double[Math.Max((int)count, 8)];
            var span = values.AsSpan(0, (int)count);
            if (BitConverter.IsLittleEndian)
            {
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(span));
            }
            else
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = reader.ReadDouble();
                }
            }

            var largest = double.NaN;
            foreach (var value in span)
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    throw new InvalidDataException("A quantile sketch holds a value that is negative or not finite.");
                }

                if (!(value <= largest))
                {
                    largest = value;
                }
            }

            sketch._exact = values;
            sketch.Count = count;
            sketch.Max = largest;
            sketch.Sum = sum;
            return sketch;
        }

        sketch._exact = null;
        sketch._buckets = new Buckets();
        sketch._zeroCount = ReadCount(reader);
        var buckets = reader.Read7BitEncodedInt();
        if (buckets < 0 || buckets > MaxBuckets)
        {
            throw new InvalidDataException($"A quantile sketch holds {buckets} buckets; at most {MaxBuckets} are allowed.");
        }

        long total = sketch._zeroCount;
        var index = 0;
        for (var i = 0; i < buckets; i++)
        {
            var zigzag = reader.Read7BitEncodedInt();
            index += (int)((uint)zigzag >> 1) ^ -(zigzag & 1);
            var amount = ReadCount(reader);
            if (amount <= 0 || (i > 0 && zigzag == 0))
            {
                throw new InvalidDataException("A quantile sketch holds an empty or repeated bucket.");
            }

            sketch._buckets.Add(index, amount);
            total += amount;
        }

        if (total != count)
        {
            throw new InvalidDataException($"A quantile sketch says it holds {count} values but its buckets hold {total}.");
        }

        sketch.Count = count;
        sketch.Sum = sum;
        sketch.Max = count == 0 ? double.NaN : max;
        return sketch;
    }

    private static long ReadCount(BinaryReader reader)
    {
        var value = reader.Read7BitEncodedInt64();
        return value >= 0 ? value : throw new InvalidDataException("A quantile sketch holds a negative count.");
    }

    private static QuantileSketch Copy(QuantileSketch sketch)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            sketch.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        return ReadFrom(reader);
    }

    /// <summary>Moves the kept values into buckets (as adding the 257th value does).</summary>
    private void ToBuckets()
    {
        if (_exact is not { } exact)
        {
            return;
        }

        _buckets = new Buckets();
        _exact = null;
        AddAllToBuckets(exact.AsSpan(0, (int)Count));
    }

    private sealed partial class Buckets
    {
        /// <summary>Returns the buckets present, by index ascending.</summary>
        public List<(int Index, long Count)> Entries()
        {
            var result = new List<(int, long)>(Count);
            if (_dense is { } dense)
            {
                for (var i = 0; i < dense.Length; i++)
                {
                    if (dense[i] != 0)
                    {
                        result.Add((_offset + i, dense[i]));
                    }
                }

                return result;
            }

            foreach (var (key, value) in _sparse!)
            {
                result.Add((key, value));
            }

            result.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
            return result;
        }

        /// <summary>Adds <paramref name="amount"/> to the bucket of <paramref name="index"/> when it is present.</summary>
        public bool TryAddExisting(int index, long amount)
        {
            if (!TryIncrement(index))
            {
                return false;
            }

            if (amount > 1)
            {
                Add(index, amount - 1);
            }

            return true;
        }
    }
}
