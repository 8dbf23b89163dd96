namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The tests of the baseline-relative detector: two proportions, a rate ratio, the Holm correction, and the seasonal
/// Mann-Kendall test with Sen's slope and its confidence bounds. (Mann-Whitney over binned values is
/// <see cref="RegressionHistogram.MannWhitneyGreater"/>.) Kept apart from the loop's verification tests so either can
/// change without the other.
/// </summary>
internal static class RegressionStatistics
{
    /// <summary>P(Z &gt; z) for a standard normal Z; accurate to a relative 1.2e-7 in the far tail (erfc of Numerical Recipes).</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>The z of an upper-tail probability (Acklam's rational approximation refined by one Newton step).</summary>
    public static double UpperQuantile(double p)
    {
        p = Math.Clamp(p, 1e-300, 1 - 1e-16);
        var z = -Acklam(p);
        var e = UpperTail(z) - p;
        var density = Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        return density > 0 ? z + (e / density) : z;
    }

    /// <summary>One-sided test that the proportion after (<paramref name="x1"/> of <paramref name="n1"/>) is above the one before.</summary>
    public static double TwoProportionGreater(long x1, long n1, long x0, long n0)
    {
        if (n1 <= 0 || n0 <= 0)
        {
            return 1;
        }

        var p1 = (double)x1 / n1;
        var p0 = (double)x0 / n0;
        var pooled = (double)(x1 + x0) / (n1 + n0);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1d / n1) + (1d / n0)));
        if (!(se > 0))
        {
            return p1 > p0 ? 0 : 1;
        }

        return UpperTail((p1 - p0) / se);
    }

    /// <summary>
    /// Fisher's exact one-sided test that the proportion after (<paramref name="x1"/> of <paramref name="n1"/>) is above
    /// the one before (<paramref name="x0"/> of <paramref name="n0"/>): given the margins, the count after is
    /// hypergeometric under the null whatever the common rate, so the p-value holds at any count, however small.
    /// </summary>
    public static double FisherGreater(long x1, long n1, long x0, long n0)
    {
        if (n1 <= 0 || n0 <= 0)
        {
            return 1;
        }

        var total = n1 + n0;
        var successes = x1 + x0;
        var low = Math.Max(0, successes - n0);
        var high = Math.Min(successes, n1);
        if (x1 <= low)
        {
            return 1;
        }

        // The mode of the hypergeometric; sum the smaller tail outward from x1 (terms shrink geometrically past the mode).
        var mode = (long)Math.Floor((double)(n1 + 1) * (successes + 1) / (total + 2));
        var upper = x1 > mode;
        var k = upper ? x1 : x1 - 1;
        var logTerm = LogChoose(successes, k) + LogChoose(total - successes, n1 - k) - LogChoose(total, n1);
        var term = Math.Exp(logTerm);
        var sum = 0d;
        while (k >= low && k <= high && term > 0)
        {
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }

            if (upper)
            {
                term *= (double)(successes - k) * (n1 - k) / ((k + 1d) * (total - successes - n1 + k + 1));
                k++;
            }
            else
            {
                term *= k * (double)(total - successes - n1 + k) / ((successes - k + 1d) * (n1 - k + 1));
                k--;
            }
        }

        return Math.Clamp(upper ? sum : 1 - sum, 0, 1);
    }

    /// <summary>The natural logarithm of the binomial coefficient <c>n choose k</c>.</summary>
    public static double LogChoose(long n, long k) => LogGamma(n + 1d) - LogGamma(k + 1d) - LogGamma(n - k + 1d);

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms; relative error below 1e-15).</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var a = c[0];
        var t = x + 7.5;
        for (var i = 1; i < c.Length; i++)
        {
            a += c[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>
    /// Two-sided test that two Poisson counts over exposures (<paramref name="k1"/> in <paramref name="t1"/>,
    /// <paramref name="k0"/> in <paramref name="t0"/>) have the same rate: the count after is binomial given the total.
    /// </summary>
    public static double RateRatioTwoSided(long k1, double t1, long k0, double t0)
    {
        var n = k1 + k0;
        if (n == 0 || !(t1 > 0) || !(t0 > 0))
        {
            return 1;
        }

        var p = t1 / (t1 + t0);
        var se = Math.Sqrt(n * p * (1 - p));
        var z = (Math.Abs(k1 - (n * p)) - 0.5) / se;
        return Math.Min(1, 2 * UpperTail(Math.Max(z, 0)));
    }

    /// <summary>Holm's step-down correction: which of the p-values are rejected at family-wise level <paramref name="alpha"/>.</summary>
    public static bool[] Holm(IReadOnlyList<double> pValues, double alpha)
    {
        var order = new int[pValues.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => pValues[a].CompareTo(pValues[b]));
        var rejected = new bool[pValues.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            if (!(pValues[order[rank]] <= alpha / (order.Length - rank)))
            {
                break;
            }

            rejected[order[rank]] = true;
        }

        return rejected;
    }

    /// <summary>
    /// The seasonal Mann-Kendall test for an upward trend (Hirsch et al. 1982) and Sen's seasonal slope with its
    /// two-sided <c>1 - confidence</c> bounds. <paramref name="series"/>[season][period] holds the values (NaN where
    /// missing); slopes are per period.
    /// </summary>
    public static TrendResult SeasonalKendall(double[][] series, double confidence)
    {
        double s = 0;
        double variance = 0;
        var slopes = new List<double>();
        foreach (var values in series)
        {
            var present = new List<(int Period, double Value)>();
            for (var i = 0; i < values.Length; i++)
            {
                if (double.IsFinite(values[i]))
                {
                    present.Add((i, values[i]));
                }
            }

            var n = present.Count;
            if (n < 2)
            {
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var d = present[j].Value - present[i].Value;
                    s += Math.Sign(d);
                    slopes.Add(d / (present[j].Period - present[i].Period));
                }
            }

            // Ties are rare for means of many values; the untied variance is used.
            variance += n * (n - 1) * ((2 * n) + 5) / 18d;
        }

        if (slopes.Count == 0 || !(variance > 0))
        {
            return new TrendResult(0, 1, 0, 0, 0, 0);
        }

        slopes.Sort();
        var z = s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        var p = UpperTail(z);
        var c = UpperQuantile((1 - confidence) / 2) * Math.Sqrt(variance);
        var count = slopes.Count;
        var lowerRank = (int)Math.Floor((count - c) / 2) - 1; // 1-based rank (N - C) / 2, conservative
        var upperRank = (int)Math.Ceiling((count + c) / 2);
        var lower = lowerRank >= 0 ? slopes[Math.Min(lowerRank, count - 1)] : double.NegativeInfinity;
        var upper = upperRank < count ? slopes[Math.Max(upperRank, 0)] : double.PositiveInfinity;
        var median = count % 2 == 1 ? slopes[count / 2] : (slopes[(count / 2) - 1] + slopes[count / 2]) / 2;
        return new TrendResult(s, p, z, median, lower, upper);
    }

    private static double Erfc(double x)
    {
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = 0d;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = (poly * t) + c[i];
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>The lower-tail quantile of the standard normal (Acklam).</summary>
    private static double Acklam(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01, 1];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00, 1];
        const double low = 0.02425;
        if (p < low || p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < low ? p : 1 - p));
            var x = Horner(c, q) / Horner(d, q);
            return p < low ? x : -x;
        }

        var r = p - 0.5;
        var r2 = r * r;
        return Horner(a, r2) * r / Horner(b, r2);
    }

    /// <summary>Evaluates a polynomial whose coefficients run from the highest power down.</summary>
    private static double Horner(ReadOnlySpan<double> coefficients, double x)
    {
        var value = 0d;
        foreach (var coefficient in coefficients)
        {
            value = (value * x) + coefficient;
        }

        return value;
    }
}
