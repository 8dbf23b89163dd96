using System.Collections.Concurrent;

using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.LogGenerator;

/// <summary>The sizes planted changes are drawn from: what the detector finds with 99.9 % power at the scenario's volumes.</summary>
public static partial class RegressionScenarioGenerator
{
    /// <summary>
    /// The chance with which a cost drift must be found by the analysis at the end of the first window after its trend
    /// test has enough weeks (<see cref="SmallestDrift"/>): the same 99.9 % as for steps.
    /// </summary>
    private const double DriftPower = 0.999;

    /// <summary>How many seeded series <see cref="RegressionPower.SmallestDetectableDrift"/> simulates for a drift's size.</summary>
    private const int DriftSimulations = 4000;

    /// <summary>The most a planted drift exceeds its guaranteed size by, a week.</summary>
    private const double DriftMargin = 0.02;

    /// <summary>The guaranteed drift by volume step, weeks of data and trend tests: volumes repeat across seeds once rounded down to a step.</summary>
    private static readonly ConcurrentDictionary<(int Step, int Days, int Tests, DayOfWeek First), double> DriftSizes = new();

    /// <summary>
    /// The smallest own error rate an error-rate step of the first task type may plant: the rate the detector finds
    /// with <see cref="ErrorStepPower"/> in the first window wholly after the step (Fisher's test at Holm's first
    /// threshold over a task type's comparisons, with the effect floors; <see cref="RegressionPower"/>), at
    /// <see cref="PlannedRuns"/> in the window and the baseline. Steps below it are missed, at that volume, by any rule that keeps
    /// one false alert per 100 subject-windows; the example (2 % to 9 %) is above it from about 600 runs a week.
    /// </summary>
    private static double SmallestErrorStep(RegressionScenario scenario)
    {
        var r = new RegressionOptions();
        var n1 = PlannedRuns(scenario, 0, r.WindowDays);
        var n0 = PlannedRuns(scenario, 0, r.BaselineDays);
        var tools = Math.Pow(1 - ToolFailureRate, scenario.ToolsOf(scenario.Tasks[0]).Count);
        var p0 = 1 - (tools * (1 - BaseErrorRate));
        var p1 = RegressionPower.SmallestDetectableRate(p0, n1, n0, r.Alpha / RegressionPower.TaskComparisons, ErrorStepPower, r.MinRateIncrease, r.MinRateRatio);
        return double.IsNaN(p1) ? 0.5 : Math.Max(1 - ((1 - p1) / tools), BaseErrorRate);
    }

    /// <summary>
    /// The smallest share of the third task type's runs a new error template may fail: the share at which the first
    /// window wholly after its start holds the <see cref="RegressionOptions.NewErrorMinOccurrences"/> a <c>new_error</c>
    /// needs with <see cref="ErrorStepPower"/>, at 90 % of the task type's expected runs a week. A rarer new error is
    /// missed, at that volume, in more windows than that: it has no test to pass, only too few occurrences to count.
    /// </summary>
    private static double SmallestNewErrorShare(RegressionScenario scenario)
    {
        var r = new RegressionOptions();
        var share = RegressionPower.SmallestDetectableShare(PlannedRuns(scenario, 2, r.WindowDays), r.NewErrorMinOccurrences, ErrorStepPower);
        return double.IsNaN(share) ? 0.5 : share;
    }

    /// <summary>
    /// The smallest cost drift a week the fourth task type may plant: the drift the detector's trend test finds with
    /// <see cref="DriftPower"/> in the analysis at the end of the first window after the test has
    /// <see cref="RegressionOptions.TrendMinWeeks"/> weeks (the drift runs from day 0, so that analysis sees
    /// <see cref="DriftDecisionDay"/> days), by <see cref="RegressionPower.SmallestDetectableDrift"/> at 90 % of the
    /// task type's expected runs a day, rounded down to a step of 2^(1/8) (a larger size, never a smaller), with the
    /// largest coefficient of variation a run's cost has in these scenarios (<see cref="RunCostCv"/>).
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>The drift a week (0.04: 4 %).</returns>
    public static double SmallestDrift(RegressionScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var r = new RegressionOptions();
        var days = DriftDecisionDay(r);
        var weights = Setup(scenario).Weights;
        var weekday = 0.9 * scenario.TasksPerDay * weights[3] / weights.Sum();
        var step = (int)Math.Floor(8 * Math.Log2(Math.Max(weekday, 1)));
        var tests = RegressionTrends.TestsFor(scenario.Tasks.Count, scenario.Tools.Count, scenario.Models.Count);
        return DriftSizes.GetOrAdd((step, days, tests, scenario.Start.DayOfWeek), key =>
        {
            var size = RegressionPower.SmallestDetectableDrift(DriftRuns(Math.Pow(2, key.Step / 8.0), key.Days, key.First), RunCostCv, key.Tests, r, DriftPower, DriftSimulations, 0x7D1F7);
            return double.IsNaN(size) ? 0.5 : size;
        });
    }

    /// <summary>
    /// The day (counted from the start) of the analysis a cost drift running from day 0 must be found by: the first
    /// window after the trend test has enough weeks (what <see cref="RegressionScenarioEvaluation"/> scores).
    /// </summary>
    /// <param name="r">The detector's options.</param>
    /// <returns>The day.</returns>
    public static int DriftDecisionDay(RegressionOptions r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return Math.Max(r.BaselineDays + r.WindowDays, r.TrendMinWeeks * 7) + r.WindowDays;
    }

    /// <summary>The coefficient of variation of a task run's cost at its largest (<see cref="RegressionPower.CallSumCv"/>): 0.44.</summary>
    public static double RunCostCv => RegressionPower.CallSumCv(TwoCallShare, TokenSigma);

    /// <summary>Runs on each of the first <paramref name="days"/> days at <paramref name="weekday"/> runs a weekday (weekends at <see cref="WeekendShare"/>).</summary>
    /// <param name="weekday">Runs a weekday.</param>
    /// <param name="days">Days.</param>
    /// <param name="first">The first day's day of the week.</param>
    /// <returns>The runs by day.</returns>
    public static int[] DriftRuns(double weekday, int days, DayOfWeek first)
    {
        var runs = new int[days];
        for (var d = 0; d < days; d++)
        {
            var weekend = (DayOfWeek)(((int)first + d) % 7) is DayOfWeek.Saturday or DayOfWeek.Sunday;
            runs[d] = (int)Math.Floor(weekday * (weekend ? WeekendShare : 1));
        }

        return runs;
    }

    /// <summary>
    /// 90 % of the runs a task type is expected to have over <paramref name="days"/> days (a whole number of weeks):
    /// 1.4 to 3 standard deviations of a week's count (the day-to-day noise and the draw of the task type, for shares
    /// of 10 to 50 %) below it.
    /// </summary>
    private static long PlannedRuns(RegressionScenario scenario, int task, int days)
    {
        var weights = Setup(scenario).Weights;
        var weekly = scenario.TasksPerDay * (5 + (2 * WeekendShare)) * weights[task] / weights.Sum();
        return (long)Math.Floor(0.9 * weekly * days / 7);
    }
}
