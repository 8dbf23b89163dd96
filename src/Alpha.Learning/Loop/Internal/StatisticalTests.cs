namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The tests verification uses: Mann-Whitney U for durations and costs (no normality assumed), and the
/// two-proportion z-test for rates.
/// </summary>
internal static class StatisticalTests
{
    /// <summary>
    /// Mann-Whitney U test of <paramref name="after"/> against <paramref name="before"/>, with the normal approximation,
    /// tie correction and continuity correction. A positive effect means <paramref name="after"/> tends to be larger.
    /// </summary>
    public static TestResult MannWhitneyU(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        int n1 = before.Count, n2 = after.Count;
        if (n1 == 0 || n2 == 0)
        {
            return new TestResult(1, 0, 0);
        }

        var all = new (double Value, bool After)[n1 + n2];
        for (var i = 0; i < n1; i++)
        {
            all[i] = (before[i], false);
        }

        for (var i = 0; i < n2; i++)
        {
            all[n1 + i] = (after[i], true);
        }

        Array.Sort(all, static (a, b) => a.Value.CompareTo(b.Value));
        double rankSumAfter = 0, tieTerm = 0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j + 1 < all.Length && all[j + 1].Value.Equals(all[i].Value))
            {
                j++;
            }

            var rank = ((i + 1) + (j + 1)) / 2.0;
            var ties = j - i + 1;
            if (ties > 1)
            {
                tieTerm += ((double)ties * ties * ties) - ties;
            }

            for (var k = i; k <= j; k++)
            {
                if (all[k].After)
                {
                    rankSumAfter += rank;
                }
            }

            i = j + 1;
        }

        var u2 = rankSumAfter - (n2 * (n2 + 1) / 2.0);
        var mean = n1 * (double)n2 / 2.0;
        var n = (double)(n1 + n2);
        var variance = n1 * (double)n2 / 12.0 * ((n + 1) - (tieTerm / (n * (n - 1))));
        var effect = (2 * u2 / (n1 * (double)n2)) - 1; // rank-biserial correlation, in [-1, 1]
        if (variance <= 0)
        {
            return new TestResult(1, effect, 0);
        }

        var diff = u2 - mean;
        var z = (Math.Abs(diff) - 0.5) / Math.Sqrt(variance);
        z = Math.Max(z, 0) * Math.Sign(diff);
        return new TestResult(TwoSidedP(z), effect, z);
    }

    /// <summary>Two-proportion z-test (pooled) of the rate after against the rate before. A positive effect means the rate rose.</summary>
    public static TestResult TwoProportion(long successesBefore, long totalBefore, long successesAfter, long totalAfter)
    {
        if (totalBefore <= 0 || totalAfter <= 0)
        {
            return new TestResult(1, 0, 0);
        }

        var p1 = successesBefore / (double)totalBefore;
        var p2 = successesAfter / (double)totalAfter;
        var pooled = (successesBefore + successesAfter) / (double)(totalBefore + totalAfter);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / totalBefore) + (1.0 / totalAfter)));
        if (se <= 0)
        {
            return new TestResult(1, p2 - p1, 0);
        }

        var z = (p2 - p1) / se;
        return new TestResult(TwoSidedP(z), p2 - p1, z);
    }

    /// <summary>The two-sided p-value of a standard normal z.</summary>
    public static double TwoSidedP(double z) => Math.Clamp(2 * (1 - NormalCdf(Math.Abs(z))), 0, 1);

    /// <summary>The standard normal CDF (Abramowitz and Stegun 7.1.26 erf; absolute error under 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var y = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
    }
}
