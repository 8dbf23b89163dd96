using Alpha.Learning.Internal;

namespace Alpha.Learning.Analysis;

/// <summary>
/// Options of the baseline-relative detector (<c>regression</c>, <c>new_error</c> and <c>trend</c> patterns): the
/// windows it compares, the tests' significance, the effect-size floors and the minimum samples.
/// </summary>
/// <remarks>
/// The current window is the <see cref="WindowDays"/> UTC days that end with the analysis' end (its <c>To</c>, or the
/// day of the latest event when the range is open); the baseline is the <see cref="BaselineDays"/> days before it.
/// With both a multiple of 7 (the defaults) they cover the same hours of the week. A finding needs a significant test
/// after the Holm correction for every comparison of the analysis, an effect at or above its floor, and at least
/// <see cref="MinSamples"/> values on each side.
/// </remarks>
public sealed class RegressionOptions
{
    /// <summary>Gets or sets whether the detector runs. The default value is <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the length of the current window, in days. The default value is 7.</summary>
    [SettingRange(1, 366)]
    public int WindowDays { get; set; } = 7;

    /// <summary>Gets or sets the length of the baseline before the window, in days. The default value is 28.</summary>
    [SettingRange(1, 3660)]
    public int BaselineDays { get; set; } = 28;

    /// <summary>Gets or sets the family-wise significance level of the regression tests (Holm-corrected over all of them). The default value is 0.05.</summary>
    [SettingRange(1e-12, 0.5)]
    public double Alpha { get; set; } = 0.05;

    /// <summary>Gets or sets the fewest values (runs, calls) each side of a comparison needs. The default value is 30.</summary>
    [SettingRange(2, 1_000_000)]
    public int MinSamples { get; set; } = 30;

    /// <summary>Gets or sets the smallest rise of an error or timeout rate (absolute, as a share) that counts. The default value is 0.02.</summary>
    [SettingRange(0, 1)]
    public double MinRateIncrease { get; set; } = 0.02;

    /// <summary>Gets or sets the smallest factor an error or timeout rate must grow by to count. The default value is 1.5.</summary>
    [SettingRange(1, 1000)]
    public double MinRateRatio { get; set; } = 1.5;

    /// <summary>Gets or sets the smallest factor a p50 or p95 duration must grow by to count. The default value is 1.5.</summary>
    [SettingRange(1, 1000)]
    public double MinDurationRatio { get; set; } = 1.5;

    /// <summary>Gets or sets the smallest factor a cost per task, cost per call or tokens per call must grow by to count. The default value is 1.2.</summary>
    [SettingRange(1, 1000)]
    public double MinCostRatio { get; set; } = 1.2;

    /// <summary>Gets or sets the smallest factor by which volume (runs or calls per hour) must rise or fall to count. The default value is 2.</summary>
    [SettingRange(1, 1000)]
    public double MinVolumeRatio { get; set; } = 2;

    /// <summary>Gets or sets the fewest occurrences in the window of an error template unseen in the baseline to make a <c>new_error</c>. The default value is 3.</summary>
    [SettingRange(1, 1_000_000)]
    public int NewErrorMinOccurrences { get; set; } = 3;

    /// <summary>Gets or sets the fewest days of data the baseline needs before anything is compared. The default value is 7.</summary>
    public int MinBaselineDays { get; set; } = 7;

    /// <summary>Gets or sets how many weeks (ending with the window) the trend test looks at. The default value is 12.</summary>
    [SettingRange(3, 520)]
    public int TrendWeeks { get; set; } = 12;

    /// <summary>Gets or sets the fewest weeks of data a trend test needs. The default value is 5.</summary>
    public int TrendMinWeeks { get; set; } = 5;

    /// <summary>Gets or sets the family-wise significance level of the trend tests (Bonferroni over all of them). The default value is 0.05.</summary>
    [SettingRange(1e-12, 0.5)]
    public double TrendAlpha { get; set; } = 0.05;

    /// <summary>Gets or sets the smallest drift that counts, as a share of the level per week (its lower confidence bound must be above zero). The default value is 0.02.</summary>
    [SettingRange(0, 10)]
    public double TrendMinWeeklyChange { get; set; } = 0.02;

    /// <summary>
    /// Gets the cost-per-task budgets in US dollars by task name (<c>*</c> for every task without its own); a cost
    /// trend forecasts when its budget is crossed. The default value is empty.
    /// </summary>
    public IDictionary<string, double> CostPerTaskBudgetUsd { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Gets or sets the most error templates tracked per error type. The default value is 200.</summary>
    [SettingRange(1, 100_000)]
    public int MaxTemplatesPerErrorType { get; set; } = 200;
}
