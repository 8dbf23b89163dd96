namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What the trend test can find: the power of the detector's own drift rule (<see cref="RegressionTrends.Fit"/> and
/// <see cref="RegressionTrends.Counts"/> on the daily means, Bonferroni over the analysis' trend tests) against a
/// steady drift of a stated size a week, by seeded simulation, and the smallest drift found with a stated power. The
/// rule has no closed form for its power (Kendall's S, Sen's slope and its bound, and the floor on the slope over the
/// median level, all on the same days), so the figure is the share of simulated series it finds: each day's mean is
/// the mean of that day's runs, each run's value lognormal with a stated coefficient of variation around a level that
/// grows by the drift each week (compounded by the day, as a price or a prompt creeping up).
/// </summary>
internal static partial class RegressionPower
{
    /// <summary>
    /// The share of <paramref name="simulations"/> seeded series with <paramref name="runsPerDay"/> values a day (the
    /// last entry the day the analysis ends with; at most <see cref="RegressionOptions.TrendWeeks"/> weeks are used)
    /// whose trend test, among <paramref name="tests"/> trend tests of the analysis, reports a drift of
    /// <paramref name="weeklyChange"/> a week (0.04: 4 %).
    /// </summary>
    public static double Drift(double weeklyChange, IReadOnlyList<int> runsPerDay, double cv, int tests, RegressionOptions options, int simulations, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var noise = DriftNoise(runsPerDay, cv, options, simulations, seed);
        return (double)DriftFound(noise, weeklyChange, tests, options, 0) / simulations;
    }

    /// <summary>
    /// The smallest drift a week (to 1e-4) that <see cref="Drift"/> finds with at least <paramref name="power"/> on the
    /// same simulated series; <see cref="double.NaN"/> when not even a doubling a week is found that often (too few
    /// days or values a day).
    /// </summary>
    public static double SmallestDetectableDrift(IReadOnlyList<int> runsPerDay, double cv, int tests, RegressionOptions options, double power, int simulations, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var noise = DriftNoise(runsPerDay, cv, options, simulations, seed);
        var needed = (int)Math.Ceiling(power * simulations);
        var high = Math.Max(options.TrendMinWeeklyChange, 0.01) * 2;
        while (DriftFound(noise, high, tests, options, needed) < needed)
        {
            high *= 2;
            if (high > 1)
            {
                return double.NaN;
            }
        }

        var low = 0d;
        while (high - low > 1e-4)
        {
            var mid = (low + high) / 2;
            if (DriftFound(noise, mid, tests, options, needed) >= needed)
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
    /// The coefficient of variation of a sum of <c>K</c> independent calls (<c>K</c> = 1 or 2, 2 with
    /// <paramref name="twoCallShare"/>), each call's cost the sum of two parts with independent lognormal factors of
    /// log-sd <paramref name="sigma"/> and mean 1, at its largest (one part's cost dwarfing the other's).
    /// </summary>
    public static double CallSumCv(double twoCallShare, double sigma)
    {
        var calls = 1 + twoCallShare;
        var callsVariance = twoCallShare * (1 - twoCallShare);
        var factorVariance = Math.Exp(sigma * sigma) - 1;
        return Math.Sqrt(((calls * factorVariance) + callsVariance) / (calls * calls));
    }

    /// <summary>
    /// Per simulation, each day's mean of that day's runs as a factor around 1 (<see cref="double.NaN"/> for a day with
    /// fewer than <see cref="RegressionTrends.MinValuesPerDay"/> runs), laid out as the detector's series: the
    /// last <see cref="RegressionOptions.TrendWeeks"/> × 7 days, the last one the window's end.
    /// </summary>
    private static double[][] DriftNoise(IReadOnlyList<int> runsPerDay, double cv, RegressionOptions options, int simulations, int seed)
    {
        ArgumentNullException.ThrowIfNull(runsPerDay);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(simulations);
        ArgumentOutOfRangeException.ThrowIfNegative(cv);
        var length = options.TrendWeeks * 7;
        var skip = Math.Max(0, runsPerDay.Count - length);
        var offset = length - (runsPerDay.Count - skip);
        var sigma = Math.Sqrt(Math.Log(1 + (cv * cv)));
        var mu = -sigma * sigma / 2;
        var random = new Random(seed);
        var noise = new double[simulations][];
        for (var s = 0; s < simulations; s++)
        {
            var values = new double[length];
            Array.Fill(values, double.NaN);
            for (var d = skip; d < runsPerDay.Count; d++)
            {
                var n = runsPerDay[d];
                if (n < RegressionTrends.MinValuesPerDay)
                {
                    continue;
                }

                var sum = 0d;
                for (var k = 0; k < n; k++)
                {
                    sum += Math.Exp(mu + (sigma * Normal(random)));
                }

                values[offset + d - skip] = sum / n;
            }

            noise[s] = values;
        }

        return noise;
    }

    /// <summary>How many of the simulated series report a drift of <paramref name="weeklyChange"/>; when <paramref name="enough"/> is positive, stops counting once it is clear whether that many do.</summary>
    private static int DriftFound(double[][] noise, double weeklyChange, int tests, RegressionOptions options, int enough)
    {
        var limit = options.TrendAlpha / Math.Max(1, tests);
        var length = options.TrendWeeks * 7;
        var growth = new double[length];
        for (var i = 0; i < length; i++)
        {
            growth[i] = Math.Pow(1 + weeklyChange, (i - (length - 1)) / 7.0);
        }

        var values = new double[length];
        var found = 0;
        for (var s = 0; s < noise.Length; s++)
        {
            var day = noise[s];
            for (var i = 0; i < length; i++)
            {
                values[i] = day[i] * growth[i];
            }

            if (RegressionTrends.Fit(values, options) is { } fit && RegressionTrends.Counts(fit.Result, fit.WeeklyChange, limit, options))
            {
                found++;
            }

            var missed = s + 1 - found;
            if (enough > 0 && (found >= enough || noise.Length - missed < enough))
            {
                break;
            }
        }

        return found;
    }

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
