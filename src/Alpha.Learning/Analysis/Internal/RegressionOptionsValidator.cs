using System.Globalization;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>The rules of <see cref="RegressionOptions"/>; each failure names the setting (as <c>Regression.X</c>) and its value.</summary>
internal static class RegressionOptionsValidator
{
    public static IEnumerable<string> Validate(RegressionOptions? options)
    {
        if (options is null)
        {
            yield return "Regression must not be null.";
            yield break;
        }

        foreach (var failure in Range("WindowDays", options.WindowDays, 1, 366))
        {
            yield return failure;
        }

        foreach (var failure in Range("BaselineDays", options.BaselineDays, 1, 3660))
        {
            yield return failure;
        }

        foreach (var failure in Range("MinSamples", options.MinSamples, 2, 1_000_000))
        {
            yield return failure;
        }

        foreach (var failure in Range("NewErrorMinOccurrences", options.NewErrorMinOccurrences, 1, 1_000_000))
        {
            yield return failure;
        }

        foreach (var failure in Range("MinBaselineDays", options.MinBaselineDays, 1, Math.Max(1, options.BaselineDays)))
        {
            yield return failure;
        }

        foreach (var failure in Range("TrendWeeks", options.TrendWeeks, 3, 520))
        {
            yield return failure;
        }

        foreach (var failure in Range("TrendMinWeeks", options.TrendMinWeeks, 3, Math.Max(3, options.TrendWeeks)))
        {
            yield return failure;
        }

        foreach (var failure in Range("MaxTemplatesPerErrorType", options.MaxTemplatesPerErrorType, 1, 100_000))
        {
            yield return failure;
        }

        foreach (var (name, value, min, max) in new (string, double, double, double)[]
        {
            ("Alpha", options.Alpha, 1e-12, 0.5),
            ("TrendAlpha", options.TrendAlpha, 1e-12, 0.5),
            ("MinRateIncrease", options.MinRateIncrease, 0, 1),
            ("MinRateRatio", options.MinRateRatio, 1, 1000),
            ("MinDurationRatio", options.MinDurationRatio, 1, 1000),
            ("MinCostRatio", options.MinCostRatio, 1, 1000),
            ("MinVolumeRatio", options.MinVolumeRatio, 1, 1000),
            ("TrendMinWeeklyChange", options.TrendMinWeeklyChange, 0, 10),
        })
        {
            if (!(value >= min && value <= max))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"Regression.{name} must be between {min} and {max}; it is {value}.");
            }
        }

        foreach (var (task, budget) in options.CostPerTaskBudgetUsd)
        {
            if (!(budget > 0) || !double.IsFinite(budget))
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"Regression.CostPerTaskBudgetUsd['{task}'] must be a positive number of US dollars; it is {budget}.");
            }
        }
    }

    private static IEnumerable<string> Range(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Regression.{name} must be between {min} and {max}; it is {value}.");
        }
    }
}
