namespace Alpha.Learning.Analysis.Internal;

/// <summary>Small statistics helpers shared by the detectors and recommendation rules.</summary>
internal static class Statistics
{
    /// <summary>The z value of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Returns the Wilson score interval of <paramref name="successes"/> out of <paramref name="trials"/> at 95%.</summary>
    public static (double Lower, double Upper) Wilson(long successes, long trials)
    {
        if (trials <= 0)
        {
            return (0, 1);
        }

        double n = trials;
        var p = Math.Clamp(successes / n, 0, 1);
        const double z2 = Z95 * Z95;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = Z95 * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Turns evidence into a confidence in [0, 0.99]: half from the sample size (n / (n + k)),
    /// half from how narrow the interval is (1 − width), scaled by an effect factor in [0.5, 1].
    /// </summary>
    public static double Confidence(long sampleSize, double intervalWidth, double effectFactor, double halfSaturation = 5)
    {
        if (sampleSize <= 0)
        {
            return 0;
        }

        var size = sampleSize / (sampleSize + halfSaturation);
        var narrowness = 1 - Math.Clamp(intervalWidth, 0, 1);
        var effect = Math.Clamp(effectFactor, 0.5, 1);
        var value = ((0.5 * size) + (0.5 * narrowness)) * effect;
        return Math.Round(Math.Clamp(value, 0, 0.99), 4);
    }

    /// <summary>Maps an effect ratio (observed / threshold, 1 = at the threshold) to a factor in [0.5, 1].</summary>
    public static double EffectFactor(double ratio)
    {
        if (double.IsNaN(ratio) || ratio <= 1)
        {
            return 0.5;
        }

        // 1 at twice the threshold or more.
        return Math.Min(1, 0.5 + (0.5 * (ratio - 1)));
    }

    /// <summary>Impact in [0, 1] from a count (saturating) and recency (half-life decay).</summary>
    public static double Impact(long count, DateTimeOffset lastSeen, DateTimeOffset now, double countScale, TimeSpan halfLife, double severity = 1)
    {
        var countFactor = 1 - Math.Exp(-count / Math.Max(1, countScale));
        var ageHours = Math.Max(0, (now - lastSeen).TotalHours);
        var recency = Math.Pow(0.5, ageHours / Math.Max(0.001, halfLife.TotalHours));
        var value = ((0.7 * countFactor) + (0.3 * recency)) * Math.Clamp(severity, 0, 1);
        return Math.Round(Math.Clamp(value, 0, 1), 4);
    }

    /// <summary>Maps an impact score to a priority.</summary>
    public static Priority PriorityFromImpact(double impact) => impact switch
    {
        >= 0.8 => Priority.Critical,
        >= 0.6 => Priority.High,
        >= 0.4 => Priority.Medium,
        >= 0.2 => Priority.Low,
        _ => Priority.Info,
    };

    /// <summary>Linear-interpolated quantile of a sorted span (numpy's default method).</summary>
    public static double QuantileSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var position = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * fraction);
    }

    /// <summary>Rounds for presentation in metadata (stable text across machines).</summary>
    public static double Round(double value, int digits = 4) =>
        double.IsFinite(value) ? Math.Round(value, digits, MidpointRounding.AwayFromZero) : 0;
}
