using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Memory-bounded quantiles of non-negative values: exact (kept values, linear interpolation) up to
/// <see cref="ExactCapacity"/> values, then a DDSketch-style log-bucketed histogram with 1% relative
/// accuracy and at most <see cref="MaxBuckets"/> buckets (the lowest buckets collapse when full).
/// </summary>
internal sealed partial class QuantileSketch
{
    public const int ExactCapacity = 256;
    public const int MaxBuckets = 2048;
    private const double RelativeAccuracy = 0.01;
    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);
    private const double MinPositive = 1e-9;

    private double[]? _exact = []; // null once the values are in buckets
    private Buckets? _buckets;
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
        Own();
        if (_exact is { } exact)
        {
            if (Count < ExactCapacity)
            {
                if (Count == exact.Length)
                {
                    Array.Resize(ref _exact, Math.Max(8, exact.Length * 2));
                    exact = _exact!;
                }

                exact[Count++] = value;
                return;
            }

            _buckets = new Buckets();
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
        if (_buckets!.TryIncrement(index))
        {
            return;
        }

        AddToBucket(index, 1);
    }

    /// <summary>Adds <paramref name="amount"/> values to the bucket of <paramref name="index"/>, collapsing the lowest buckets when full.</summary>
    private void AddToBucket(int index, long amount)
    {
        var buckets = _buckets!;

        if (buckets.Count >= MaxBuckets)
        {
            // Collapse the lowest bucket into the next one: high quantiles keep their accuracy.
            var lowest = buckets.LowestKey();
            if (index < lowest)
            {
                index = lowest;
            }
            else
            {
                var moved = buckets.Remove(lowest);
                var next = buckets.Count == 0 ? int.MaxValue : buckets.LowestKey();
                if (next == int.MaxValue || index < next)
                {
                    next = index;
                }

                buckets.Add(next, moved);
            }
        }

        buckets.Add(index, amount);
    }

    /// <summary>Returns the <paramref name="q"/>-quantile (0 … 1), or NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        if (_exact is not null)
        {
            var copy = Kept.ToArray();
            Array.Sort(copy);
            return Statistics.QuantileSorted(copy, q);
        }

        var rank = Math.Clamp(q, 0, 1) * (Count - 1);
        if (rank < _zeroCount)
        {
            return 0;
        }

        return _buckets!.Quantile(rank, _zeroCount, Max);
    }

    /// <summary>
    /// The bucket counts by index: a dense array over the contiguous range of indices in use (values of one kind span
    /// a few hundred buckets), or a dictionary once that range would exceed <see cref="MaxDenseSpan"/> indices. A
    /// bucket is present while its count is positive (counts only grow, or move whole into another bucket).
    /// </summary>
    private sealed partial class Buckets
    {
        public const int MaxDenseSpan = 2 * MaxBuckets;
        private const int InitialDenseSpan = 64;

        private long[]? _dense;
        private int _offset; // the index of _dense[0]
        private Dictionary<int, long>? _sparse;

        public int Count { get; private set; }

        /// <summary>Adds one to the bucket of <paramref name="index"/> when it is present.</summary>
        public bool TryIncrement(int index)
        {
            if (_dense is { } dense)
            {
                var slot = (uint)(index - _offset);
                if (slot < (uint)dense.Length && dense[slot] != 0)
                {
                    dense[slot]++;
                    return true;
                }

                return false;
            }

            if (_sparse is { } sparse)
            {
                ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(sparse, index);
                if (!Unsafe.IsNullRef(ref count))
                {
                    count++;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Adds <paramref name="amount"/> (positive) to the bucket of <paramref name="index"/>, creating it when missing.</summary>
        public void Add(int index, long amount)
        {
            if (_sparse is null)
            {
                if (_dense is null)
                {
                    _dense = new long[InitialDenseSpan];
                    _offset = index - (InitialDenseSpan / 2);
                }

                var slot = (long)index - _offset;
                if (slot < 0 || slot >= _dense.Length)
                {
                    Grow(index);
                }
            }

            if (_dense is { } dense)
            {
                ref var count = ref dense[index - _offset];
                if (count == 0)
                {
                    Count++;
                }

                count += amount;
                return;
            }

            ref var value = ref CollectionsMarshal.GetValueRefOrAddDefault(_sparse!, index, out var exists);
            if (!exists)
            {
                Count++;
            }

            value += amount;
        }

        /// <summary>Removes the bucket of <paramref name="index"/> (present) and returns its count.</summary>
        public long Remove(int index)
        {
            long count;
            if (_dense is { } dense)
            {
                count = dense[index - _offset];
                dense[index - _offset] = 0;
            }
            else
            {
                _sparse!.Remove(index, out count);
            }

            Count--;
            return count;
        }

        /// <summary>Returns the lowest index present (there is at least one).</summary>
        public int LowestKey()
        {
            if (_dense is { } dense)
            {
                var first = dense.AsSpan().IndexOfAnyExcept(0L);
                return _offset + first;
            }

            var lowest = int.MaxValue;
            foreach (var key in _sparse!.Keys)
            {
                lowest = Math.Min(lowest, key);
            }

            return lowest;
        }

        public double Quantile(double rank, long zeroCount, double max)
        {
            double seen = zeroCount;
            if (_dense is { } dense)
            {
                for (var i = 0; i < dense.Length; i++)
                {
                    if (dense[i] == 0)
                    {
                        continue;
                    }

                    seen += dense[i];
                    if (seen > rank)
                    {
                        return Estimate(_offset + i, max);
                    }
                }

                return max;
            }

            if (_sparse is null)
            {
                return max; // no bucket yet
            }

            var keys = new int[_sparse.Count];
            _sparse.Keys.CopyTo(keys, 0);
            Array.Sort(keys);
            foreach (var key in keys)
            {
                seen += _sparse[key];
                if (seen > rank)
                {
                    return Estimate(key, max);
                }
            }

            return max;
        }

        private static double Estimate(int key, double max) => Math.Min(2 * Math.Pow(Gamma, key) / (Gamma + 1), max);

        /// <summary>Widens the dense range to take <paramref name="index"/>, or moves to the dictionary when it would get too wide.</summary>
        private void Grow(int index)
        {
            var dense = _dense!;
            long low = Math.Min(_offset, index);
            long high = Math.Max((long)_offset + dense.Length - 1, index);
            var needed = high - low + 1;
            if (needed > MaxDenseSpan)
            {
                var sparse = new Dictionary<int, long>(Math.Max(Count, 16));
                for (var i = 0; i < dense.Length; i++)
                {
                    if (dense[i] != 0)
                    {
                        sparse.Add(_offset + i, dense[i]);
                    }
                }

                _sparse = sparse;
                _dense = null;
                return;
            }

            // At least double, so growth is amortised; the extra room goes on the side that grew.
            var span = (int)Math.Min(MaxDenseSpan, Math.Max(needed, 2L * dense.Length));
            var newOffset = index < _offset ? (int)(high - span + 1) : (int)low;
            var grown = new long[span];
            Array.Copy(dense, 0, grown, _offset - newOffset, dense.Length);
            _dense = grown;
            _offset = newOffset;
        }
    }
}
