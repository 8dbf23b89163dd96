namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What the rate comparison can find: the power of Fisher's one-sided test with the detector's effect floors against a
/// step of a rate from <c>p0</c> to <c>p1</c>, computed exactly over the binomial counts of the window and the
/// baseline, and the smallest step found with a stated power. This is the detector's guarantee for error, timeout and
/// success rates (a window wholly after the step, one comparison at a stated level), and what generated scenarios plant
/// at least: a step smaller than it is missed, at that volume, by any rule that keeps the false-alert rate.
/// </summary>
internal static partial class RegressionPower
{
    /// <summary>
    /// The comparisons the evaluator makes for a task type (error, timeout and success rates, durations, cost per task,
    /// volume): Holm's first step tests the smallest p-value at <c>Alpha / TaskComparisons</c>.
    /// </summary>
    public const int TaskComparisons = 6;

    /// <summary>
    /// The probability that a window of <paramref name="n1"/> runs at rate <paramref name="p1"/> against a baseline of
    /// <paramref name="n0"/> runs at rate <paramref name="p0"/> gives Fisher's one-sided p at most <paramref name="level"/>
    /// with the observed rise at least <paramref name="minIncrease"/> and the observed ratio at least
    /// <paramref name="minRatio"/>. Mass more than 12 standard deviations out is left out, so the figure errs low.
    /// </summary>
    public static double RateStep(double p0, double p1, long n1, long n0, double level, double minIncrease, double minRatio)
    {
        if (n1 <= 0 || n0 <= 0 || !(p1 > 0) || !(level > 0))
        {
            return 0;
        }

        var tail1 = UpperTails(n1, Math.Min(p1, 1));
        var (from, to) = Range(n0, p0);
        var power = 0d;
        var critical = 0L;
        for (var x0 = from; x0 <= to; x0++)
        {
            critical = Critical(x0, n1, n0, level, minIncrease, minRatio, critical);
            if (critical > n1)
            {
                break; // the critical count never falls as the baseline count rises
            }

            power += BinomialMass(x0, n0, p0) * tail1[critical];
        }

        return Math.Clamp(power, 0, 1);
    }

    /// <summary>
    /// The smallest rate after the step that <see cref="RateStep"/> finds with at least <paramref name="power"/>, to
    /// 1e-5; <see cref="double.NaN"/> when not even a rate of 1 is found that often (too few runs).
    /// </summary>
    public static double SmallestDetectableRate(double p0, long n1, long n0, double level, double power, double minIncrease, double minRatio)
    {
        if (RateStep(p0, 1, n1, n0, level, minIncrease, minRatio) < power)
        {
            return double.NaN;
        }

        var (low, high) = (Math.Clamp(p0, 0, 1), 1d);
        while (high - low > 1e-5)
        {
            var mid = (low + high) / 2;
            if (RateStep(p0, mid, n1, n0, level, minIncrease, minRatio) >= power)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    /// <summary>
    /// The smallest share of <paramref name="n"/> runs a new error must fail with to occur at least
    /// <paramref name="minOccurrences"/> times (what a <c>new_error</c> needs) with at least <paramref name="power"/>,
    /// to 1e-6; <see cref="double.NaN"/> when <paramref name="n"/> is below <paramref name="minOccurrences"/>.
    /// </summary>
    public static double SmallestDetectableShare(long n, int minOccurrences, double power)
    {
        if (n < minOccurrences || n <= 0)
        {
            return double.NaN;
        }

        var (low, high) = (0d, 1d);
        while (high - low > 1e-6)
        {
            var mid = (low + high) / 2;
            if (AtLeast(minOccurrences, n, mid) >= power)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }

    /// <summary>P(X ≥ <paramref name="k"/>) for X binomial(<paramref name="n"/>, <paramref name="p"/>), for a small <paramref name="k"/>.</summary>
    public static double AtLeast(long k, long n, double p)
    {
        var below = 0d;
        for (var j = 0L; j < k && j <= n; j++)
        {
            below += BinomialMass(j, n, p);
        }

        return Math.Clamp(1 - below, 0, 1);
    }

    /// <summary>The smallest window count, from <paramref name="start"/> on, that the detector reports against a baseline count of <paramref name="x0"/>; <c>n1 + 1</c> when none.</summary>
    private static long Critical(long x0, long n1, long n0, double level, double minIncrease, double minRatio, long start)
    {
        var q0 = (double)x0 / n0;
        var floor = (long)Math.Floor(n1 * Math.Max(q0 + minIncrease, q0 * minRatio)) - 1;
        for (var x1 = Math.Max(start, Math.Max(floor, 0)); x1 <= n1; x1++)
        {
            // The same floors as the evaluator's, on the same doubles.
            var q1 = (double)x1 / n1;
            var ratio = q0 > 0 ? q1 / q0 : (q1 > 0 ? double.PositiveInfinity : 1);
            if (q1 - q0 >= minIncrease && ratio >= minRatio && RegressionStatistics.FisherGreater(x1, n1, x0, n0) <= level)
            {
                return x1;
            }
        }

        return n1 + 1;
    }

    /// <summary>P(X ≥ k) for X binomial(n, p), k = 0 … n + 1.</summary>
    private static double[] UpperTails(long n, double p)
    {
        var tails = new double[n + 2];
        var (from, to) = Range(n, p);
        var sum = 0d;
        for (var k = n; k >= 0; k--)
        {
            if (k >= from && k <= to)
            {
                sum += BinomialMass(k, n, p);
            }

            tails[k] = Math.Min(sum, 1);
        }

        return tails;
    }

    private static (long From, long To) Range(long n, double p)
    {
        var sd = Math.Sqrt(n * p * (1 - p));
        return ((long)Math.Max(0, Math.Floor((n * p) - (12 * sd) - 1)), (long)Math.Min(n, Math.Ceiling((n * p) + (12 * sd) + 1)));
    }

    private static double BinomialMass(long k, long n, double p)
    {
        if (p <= 0)
        {
            return k == 0 ? 1 : 0;
        }

        if (p >= 1)
        {
            return k == n ? 1 : 0;
        }

        return Math.Exp(RegressionStatistics.LogChoose(n, k) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p)));
    }
}
