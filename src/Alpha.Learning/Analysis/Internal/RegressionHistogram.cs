namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// A mergeable histogram of non-negative values on logarithmic bins (eight a doubling, so a bin spans about 9 %),
/// with an exact count, sum and zero count. Quantiles are read from the bins (within half a bin); two histograms
/// give a Mann-Whitney test with the values of one bin as ties. Memory grows with the range of values seen, not with
/// their number.
/// </summary>
internal sealed class RegressionHistogram
{
    private const int BinsPerDoubling = 8;
    private const int MinIndex = -40 * BinsPerDoubling; // about 1e-12
    private const int MaxIndex = 60 * BinsPerDoubling; // about 1e18

    private const long MantissaMask = (1L << 52) - 1;

    /// <summary>Mantissa units (of 2^52) around a bin's edge where <see cref="IndexOf"/> defers to the logarithm.</summary>
    private const long EdgeGuard = 1L << 16;

    /// <summary>
    /// The first eighth a mantissa's top four bits can fall in, four bits per value of those bits (bits 4t..4t+3 for
    /// top bits t): the count of <see cref="Edges"/> bounds whose top four bits are below t. No two bounds share their
    /// top four bits (they lie more than 2^48 apart), so the mantissa is at most one bound past it.
    /// </summary>
    private const ulong FirstEighth = 0x7766_6554_4332_1100;

    /// <summary>
    /// The mantissa bits (of a value in [1, 2)) where each eighth of a doubling starts, then 2^52: entry <c>k</c> (1 to
    /// 7) is the first mantissa whose <c>floor(log2(m) × 8)</c> reaches <c>k</c>, as <see cref="ComputeMantissaBounds"/>
    /// finds them with <see cref="Math.Log2(double)"/> itself (a test checks these constants against it), so binning
    /// by the bits agrees with binning by the logarithm. Constant data: no static field to read per value.
    /// </summary>
    internal static ReadOnlySpan<long> Edges =>
    [
        0,
        0x1_72B8_3C7D_517B,
        0x3_06FE_0A31_B716,
        0x4_BFDA_D536_2A28,
        0x6_A09E_667F_3BCD,
        0x8_ACE5_422A_A0DC,
        0xA_E89F_995A_D3AE,
        0xD_5818_DCFB_A487,
        MantissaMask + 1,
    ];

    private int[] _counts = [];
    private int _offset;

    /// <summary>Gets how many values were added.</summary>
    public long Count { get; private set; }

    /// <summary>Gets the sum of the values added.</summary>
    public double Sum { get; private set; }

    /// <summary>Gets how many values were zero (or negative, counted as zero).</summary>
    public long Zeros { get; private set; }

    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>
    /// The bin of a positive finite value: <c>floor(log2(value) × 8)</c>, clamped, read from the value's bits (its
    /// binary exponent gives the doubling, its mantissa against <see cref="Edges"/> the eighth) with no
    /// logarithm per value.
    /// </summary>
    public static int IndexOf(double value)
    {
        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        var mantissa = bits & MantissaMask;
        var edges = Edges;
        var eighth = (int)((FirstEighth >> ((int)(mantissa >> 48) * 4)) & 0xF);
        if (mantissa >= edges[eighth + 1])
        {
            eighth++;
        }

        // Within a hair of a bin's edge the logarithm (rounded to the precision of its integer part) may fall on the
        // other side than the bits: there, and only there, take the logarithm, so the bins are exactly as before.
        if (mantissa - edges[eighth] <= EdgeGuard || edges[eighth + 1] - mantissa <= EdgeGuard)
        {
            return Math.Clamp((int)Math.Floor(Math.Log2(value) * BinsPerDoubling), MinIndex, MaxIndex);
        }

        return Math.Clamp((exponent * BinsPerDoubling) + eighth, MinIndex, MaxIndex);
    }

    public static double ValueOf(int index) => Math.Pow(2, (index + 0.5) / BinsPerDoubling);

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        Count++;
        if (value <= 0)
        {
            Zeros++;
            return;
        }

        Sum += value;
        AddToBin(IndexOf(value), 1);
    }

    public void Merge(RegressionHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Count += other.Count;
        Sum += other.Sum;
        Zeros += other.Zeros;
        for (var i = 0; i < other._counts.Length; i++)
        {
            if (other._counts[i] != 0)
            {
                AddToBin(other._offset + i, other._counts[i]);
            }
        }
    }

    /// <summary>Returns the <paramref name="q"/> quantile (0..1) as the centre of its bin, or 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(q, 0, 1) * Count);
        rank = Math.Max(rank, 1);
        var seen = Zeros;
        if (seen >= rank)
        {
            return 0;
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return ValueOf(_offset + i);
            }
        }

        return ValueOf(_offset + _counts.Length - 1);
    }

    /// <summary>
    /// Mann-Whitney test that <paramref name="after"/> holds larger values than <paramref name="before"/>, with the
    /// normal approximation and the tie correction (each bin, and zero, is one tie group).
    /// </summary>
    /// <returns>The one-sided p-value and the common-language effect (probability that a value after exceeds one before).</returns>
    public static (double PValue, double Superiority) MannWhitneyGreater(RegressionHistogram after, RegressionHistogram before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        double n1 = after.Count;
        double n0 = before.Count;
        if (n1 == 0 || n0 == 0)
        {
            return (1, 0.5);
        }

        // U of "after": for each group, after-values beat every before-value below and tie with the ones in the group.
        double u = 0;
        double tieTerm = 0;
        double belowBefore = 0;
        Step(after.Zeros, before.Zeros, ref u, ref tieTerm, ref belowBefore);
        var lo = Math.Min(after._counts.Length == 0 ? int.MaxValue : after._offset, before._counts.Length == 0 ? int.MaxValue : before._offset);
        var hi = Math.Max(after._offset + after._counts.Length, before._offset + before._counts.Length);
        for (var index = lo; index < hi; index++)
        {
            Step(after.At(index), before.At(index), ref u, ref tieTerm, ref belowBefore);
        }

        var n = n1 + n0;
        var mean = n1 * n0 / 2;
        var variance = n1 * n0 / 12 * ((n + 1) - (tieTerm / (n * (n - 1))));
        var superiority = u / (n1 * n0);
        if (!(variance > 0))
        {
            return (1, superiority);
        }

        var z = (u - mean - 0.5) / Math.Sqrt(variance); // continuity correction
        return (RegressionStatistics.UpperTail(z), superiority);

        static void Step(double a, double b, ref double u, ref double tieTerm, ref double belowBefore)
        {
            if (a == 0 && b == 0)
            {
                return;
            }

            u += a * (belowBefore + (b / 2));
            belowBefore += b;
            var t = a + b;
            tieTerm += (t * t * t) - t;
        }
    }

    /// <summary>The bounds of the eighths (<see cref="Edges"/> without its first and last entries), computed with the logarithm: for the test of the constants.</summary>
    internal static long[] ComputeMantissaBounds()
    {
        var bounds = new long[BinsPerDoubling - 1];
        for (var k = 1; k < BinsPerDoubling; k++)
        {
            // The least mantissa m in [0, 2^52) with floor(log2(1.m) * 8) >= k (monotone in m).
            long lo = 0, hi = MantissaMask + 1;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                var value = BitConverter.Int64BitsToDouble((1023L << 52) | mid);
                if (Math.Floor(Math.Log2(value) * BinsPerDoubling) >= k)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            bounds[k - 1] = lo;
        }

        return bounds;
    }

    private long At(int index)
    {
        var i = index - _offset;
        return (uint)i < (uint)_counts.Length ? _counts[i] : 0;
    }

    private void AddToBin(int index, int count)
    {
        if (_counts.Length == 0)
        {
            _counts = new int[4];
            _offset = index;
        }
        else if (index < _offset)
        {
            var grow = Math.Max(_offset - index, 4);
            var counts = new int[_counts.Length + grow];
            Array.Copy(_counts, 0, counts, grow, _counts.Length);
            _counts = counts;
            _offset -= grow;
        }
        else if (index >= _offset + _counts.Length)
        {
            var size = Math.Max(index - _offset + 1, _counts.Length + 4);
            Array.Resize(ref _counts, size);
        }

        _counts[index - _offset] += count;
    }
}
