using System.Buffers;
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
        Own();
        if (_exact is { } exact && other._exact is not null && Count + other.Count <= ExactCapacity)
        {
            var total = (int)(Count + other.Count);
            if (exact.Length < total)
            {
                Array.Resize(ref _exact, Math.Max(total, exact.Length * 2));
            }

            other.Kept.CopyTo(_exact.AsSpan((int)Count));
            Count = total;
            return;
        }

        ToBuckets();
        if (other._exact is not null)
        {
            AddAllToBuckets(other.Kept);
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

    /// <summary>
    /// Returns the merge of <paramref name="parts"/> in their order: the sketch that merging each into an empty sketch
    /// gives (<see cref="Merge"/>; the parts are left as they were), built at once: when the values will not stay exact,
    /// the buckets are made at their final size and filled from all the parts (one after another, each merge moved the
    /// kept values, grew the buckets and added to them again).
    /// </summary>
    public static QuantileSketch MergeAll(IReadOnlyList<QuantileSketch> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var result = new QuantileSketch();
        long total = 0;
        long kept = 0;
        var exact = true;
        foreach (var part in parts)
        {
            if (part.Count == 0)
            {
                continue;
            }

            // The maximum and the sum as the merges one after another take them (the sum in the same order).
            if (total == 0 || part.Max > result.Max)
            {
                result.Max = part.Max;
            }

            result.Sum += part.Sum;
            total += part.Count;
            if (part._exact is null)
            {
                exact = false;
            }
            else
            {
                kept += part.Count;
            }
        }

        if (total == 0)
        {
            return result;
        }

        if (exact && total <= ExactCapacity)
        {
            var values = new double[Math.Max((int)total, 8)];
            var at = 0;
            foreach (var part in parts)
            {
                if (part.Count > 0)
                {
                    part.Kept.CopyTo(values.AsSpan(at));
                    at += (int)part.Count;
                }
            }

            result._exact = values;
            result.Count = total;
            return result;
        }

        var indexes = System.Buffers.ArrayPool<int>.Shared.Rent((int)Math.Min(kept, int.MaxValue));
        try
        {
            // Every part's indices (kept values indexed together), and the range they span.
            long entries = kept;
            var low = int.MaxValue;
            var high = int.MinValue;
            var at = 0;
            foreach (var part in parts)
            {
                if (part.Count == 0)
                {
                    continue;
                }

                if (part._exact is not null)
                {
                    var mine = indexes.AsSpan(at, (int)part.Count);
                    IndexesOf(part.Kept, mine);
                    at += mine.Length;
                    foreach (var index in mine)
                    {
                        if (index != ZeroIndex)
                        {
                            low = Math.Min(low, index);
                            high = Math.Max(high, index);
                        }
                    }
                }
                else if (part._buckets!.Count > 0)
                {
                    entries += part._buckets.Count;
                    var (first, last) = part._buckets.Range();
                    low = Math.Min(low, first);
                    high = Math.Max(high, last);
                }
            }

            if (low <= high && (long)high - low + 1 > MaxBuckets)
            {
                // More distinct indices than buckets: the lowest collapse, in an order only the merges one after another give.
                var sequential = new QuantileSketch();
                foreach (var part in parts)
                {
                    sequential.Merge(part);
                }

                return sequential;
            }

            var buckets = new Buckets();
            if (low <= high && Buckets.DenseFits((long)high - low + 1, entries))
            {
                buckets.Reserve(low, high);
            }

            at = 0;
            foreach (var part in parts)
            {
                if (part.Count == 0)
                {
                    continue;
                }

                if (part._exact is not null)
                {
                    foreach (var index in indexes.AsSpan(at, (int)part.Count))
                    {
                        if (index == ZeroIndex)
                        {
                            result._zeroCount++;
                        }
                        else
                        {
                            buckets.Add(index, 1);
                        }
                    }

                    at += (int)part.Count;
                }
                else
                {
                    result._zeroCount += part._zeroCount;
                    part._buckets!.AddTo(buckets);
                }
            }

            result._exact = null;
            result._buckets = buckets;
            result.Count = total;
            return result;
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(indexes);
        }
    }

    /// <summary>Writes the sketch compactly: the kept values, or the zero count and the bucket counts (index deltas and counts as variable-length integers).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_exact is null ? FormatBuckets : FormatExact);
        writer.Write7BitEncodedInt64(Count);
        writer.Write(Sum);
        writer.Write(Count == 0 ? 0 : Max);
        if (_exact is not null)
        {
            if (BitConverter.IsLittleEndian)
            {
                writer.Write(MemoryMarshal.AsBytes(Kept));
            }
            else
            {
                foreach (var value in Kept)
                {
                    writer.Write(value);
                }
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
    /// <param name="reader">The reader.</param>
    /// <param name="borrow">
    /// Whether kept values may be left where they are, in the buffer of the reader's <see cref="MemoryStream"/> (when it
    /// exposes it), instead of copied out: a fleet leader decodes a million of them per instance only to move them into
    /// buckets. The sketch copies them out the first time it changes; until then the buffer must not change.
    /// </param>
    /// <exception cref="InvalidDataException">The data is not a sketch (a wrong format byte, negative or inconsistent counts, values that are not finite).</exception>
    public static QuantileSketch ReadFrom(BinaryReader reader, bool borrow = false)
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

            ReadOnlySpan<double> span;
            if (borrow && CanBorrow && reader.BaseStream is MemoryStream stream && stream.TryGetBuffer(out var buffer))
            {
                // In place: the bytes are the values (little-endian doubles, read unaligned).
                var bytes = (int)count * sizeof(double);
                var at = (int)stream.Position;
                if (buffer.Count - at < bytes)
                {
                    throw new EndOfStreamException();
                }

                sketch._source = buffer.Array;
                sketch._sourceOffset = buffer.Offset + at;
                stream.Position = at + bytes;
                sketch._exact = [];
                span = MemoryMarshal.Cast<byte, double>(buffer.AsSpan(at, bytes));
            }
            else
            {
                // The values straight into an array of their number (a fleet leader decodes thousands of these per
                // instance: adding them one by one grew each array by doubling, four times the bytes, and read 8 bytes a call).
                var values = new double[(int)count];
                if (BitConverter.IsLittleEndian)
                {
                    reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                }
                else
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = reader.ReadDouble();
                    }
                }

                sketch._exact = values;
                span = values;
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

            sketch.Count = count;
            sketch.Max = largest;
            sketch.Sum = sum;
            return sketch;
        }

        sketch._exact = null;
        sketch._zeroCount = ReadCount(reader);
        var buckets = reader.Read7BitEncodedInt();
        if (buckets < 0 || buckets > MaxBuckets)
        {
            throw new InvalidDataException($"A quantile sketch holds {buckets} buckets; at most {MaxBuckets} are allowed.");
        }

        // The entries first, then the buckets at their size (built up one by one, their array grew by doubling).
        var indexes = ArrayPool<int>.Shared.Rent(buckets);
        var amounts = ArrayPool<long>.Shared.Rent(buckets);
        try
        {
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

                if (amount > count - total)
                {
                    // Checked before adding: counts whose sum wraps around could otherwise come back to the stated count.
                    throw new InvalidDataException($"A quantile sketch says it holds {count} values but its buckets hold more.");
                }

                indexes[i] = index;
                amounts[i] = amount;
                total += amount;
            }

            if (total != count)
            {
                throw new InvalidDataException($"A quantile sketch says it holds {count} values but its buckets hold {total}.");
            }

            sketch._buckets = Buckets.From(indexes.AsSpan(0, buckets), amounts.AsSpan(0, buckets))
                ?? throw new InvalidDataException("A quantile sketch holds an empty or repeated bucket.");
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indexes);
            ArrayPool<long>.Shared.Return(amounts);
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
        if (_exact is null)
        {
            return;
        }

        _buckets = new Buckets();
        AddAllToBuckets(Kept);
        _exact = null;
        _source = null;
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

            if (_sparse is null)
            {
                return result; // none yet: every value so far counted as zero
            }

            foreach (var (key, value) in _sparse)
            {
                result.Add((key, value));
            }

            result.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
            return result;
        }

        /// <summary>
        /// Returns buckets holding <paramref name="amounts"/> (positive) at <paramref name="indexes"/>, in a dense array of
        /// exactly their range when it fits (<see cref="DenseFits"/>), else in a dictionary; null when an index repeats.
        /// </summary>
        public static Buckets? From(ReadOnlySpan<int> indexes, ReadOnlySpan<long> amounts)
        {
            var buckets = new Buckets();
            if (indexes.IsEmpty)
            {
                return buckets;
            }

            var low = int.MaxValue;
            var high = int.MinValue;
            foreach (var index in indexes)
            {
                low = Math.Min(low, index);
                high = Math.Max(high, index);
            }

            if (DenseFits((long)high - low + 1, indexes.Length))
            {
                buckets.Reserve(low, high);
                var dense = buckets._dense!;
                for (var i = 0; i < indexes.Length; i++)
                {
                    ref var slot = ref dense[indexes[i] - low];
                    if (slot != 0)
                    {
                        return null;
                    }

                    slot = amounts[i];
                }
            }
            else
            {
                buckets._sparse = new Dictionary<int, long>(indexes.Length);
                for (var i = 0; i < indexes.Length; i++)
                {
                    if (!buckets._sparse.TryAdd(indexes[i], amounts[i]))
                    {
                        return null;
                    }
                }
            }

            buckets.Count = indexes.Length;
            return buckets;
        }

        /// <summary>
        /// Whether <paramref name="entries"/> buckets over <paramref name="span"/> indices go in a dense array made at once:
        /// when the span is narrow enough and not mostly empty (a sketch of durations fills most of its range; a few
        /// far-apart buckets, as hostile bytes can state in a dozen bytes, would otherwise make kilobytes of zeros).
        /// </summary>
        public static bool DenseFits(long span, long entries) => span <= MaxDenseSpan && span <= Math.Max(InitialDenseSpan, 4 * entries);

        /// <summary>Makes these (empty) buckets a dense array of exactly <paramref name="low"/> … <paramref name="high"/> (at most <see cref="MaxDenseSpan"/> indices).</summary>
        public void Reserve(int low, int high)
        {
            _dense = new long[high - low + 1];
            _offset = low;
        }

        /// <summary>Returns the lowest and the highest index present (there is at least one).</summary>
        public (int Low, int High) Range()
        {
            if (_dense is { } dense)
            {
                return (_offset + dense.AsSpan().IndexOfAnyExcept(0L), _offset + dense.AsSpan().LastIndexOfAnyExcept(0L));
            }

            var low = int.MaxValue;
            var high = int.MinValue;
            foreach (var key in _sparse!.Keys)
            {
                low = Math.Min(low, key);
                high = Math.Max(high, key);
            }

            return (low, high);
        }

        /// <summary>Adds every bucket's count to <paramref name="into"/>.</summary>
        public void AddTo(Buckets into)
        {
            if (_dense is { } dense)
            {
                for (var i = 0; i < dense.Length; i++)
                {
                    if (dense[i] != 0)
                    {
                        into.Add(_offset + i, dense[i]);
                    }
                }

                return;
            }

            foreach (var (key, value) in _sparse ?? [])
            {
                into.Add(key, value);
            }
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
