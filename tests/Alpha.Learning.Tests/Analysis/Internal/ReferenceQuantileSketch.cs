namespace Alpha.Learning.Tests.Analysis.Internal;

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
