using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Judges an applied change on the agent's outcomes in its scope: task success rate (a two-proportion test, and a
/// non-inferiority bound with a margin), cost per task and end-to-end task duration (Mann-Whitney U), before and after.
/// A per-call proxy never decides: a change that raises per-call latency while tasks succeed more is an improvement.
/// </summary>
internal static class OutcomeVerifier
{
    public static Verdict Judge(OutcomeTarget target, ScopeOutcomes before, FeedbackLoopOptions options, bool pastDeadline)
    {
        var after = target.After;
        var risky = target.Improvement.Risk == RiskLevel.Risky;
        var alpha = options.VerificationSignificance;
        var min = options.MinVerificationSamples;
        var windows = Windows(target, before, after);
        if (before.Tasks < min || after.Tasks < min)
        {
            return Wait(pastDeadline, before, after, windows + FormattableString.Invariant($" {before.Tasks} task runs in scope before and {after.Tasks} after; at least {min} are needed on each side."));
        }

        // Success: two-proportion test on the failure rate; a positive effect means failures rose.
        var failures = StatisticalTests.TwoProportion(before.Tasks - before.Successes, before.Tasks, after.Tasks - after.Successes, after.Tasks);
        var successDiff = after.SuccessRate - before.SuccessRate;
        var se = Math.Sqrt((before.SuccessRate * (1 - before.SuccessRate) / before.Tasks) + (after.SuccessRate * (1 - after.SuccessRate) / after.Tasks));
        var lowerBound = successDiff - (NormalQuantile(1 - alpha) * se);
        var nonInferior = lowerBound > -options.SuccessNonInferiorityMargin;
        var cost = Compare(before.Costs, after.Costs, min);
        var duration = Compare(before.Durations, after.Durations, min);
        var text = windows + FormattableString.Invariant(
            $" Success {before.Successes}/{before.Tasks} = {before.SuccessRate:0.###} before, {after.Successes}/{after.Tasks} = {after.SuccessRate:0.###} after (z = {failures.Statistic * -1:0.###}, p = {failures.PValue:0.####}; lower bound of the change {lowerBound:+0.###;-0.###} against the margin -{options.SuccessNonInferiorityMargin:0.###}).")
            + Describe("Cost per task", before.MeanCost, after.MeanCost, cost, "$0.#####")
            + Describe("Task duration", before.MeanDuration, after.MeanDuration, duration, "0.### s");

        var successWorse = failures.PValue < alpha && successDiff < 0;
        var successBetter = failures.PValue < alpha && successDiff > 0;
        if (successWorse)
        {
            // Failures rose in scope; if they rose as much outside it, it is an outage across scopes, not this change.
            var outside = target.OutsideBefore.Tasks >= min && target.OutsideAfter.Tasks >= min
                ? StatisticalTests.TwoProportion(target.OutsideBefore.Tasks - target.OutsideBefore.Successes, target.OutsideBefore.Tasks, target.OutsideAfter.Tasks - target.OutsideAfter.Successes, target.OutsideAfter.Tasks)
                : new TestResult(1, 0, 0);
            if (outside.PValue < alpha && outside.Effect > 0 && outside.Effect >= 0.5 * -successDiff)
            {
                return new Verdict(VerificationVerdict.Inconclusive, failures.PValue, successDiff, before.Tasks, after.Tasks, text + FormattableString.Invariant(
                    $" Failures rose outside the scope too ({target.OutsideBefore.SuccessRate:0.###} → {target.OutsideAfter.SuccessRate:0.###} success, p = {outside.PValue:0.####}): an outage-like burst across scopes, so no regression is charged to this change."));
            }

            return new Verdict(VerificationVerdict.Regressed, failures.PValue, successDiff, before.Tasks, after.Tasks, text + " Verdict: the task success rate in scope fell.");
        }

        if (successBetter)
        {
            return new Verdict(VerificationVerdict.Improved, failures.PValue, successDiff, before.Tasks, after.Tasks, text + " Verdict: the task success rate in scope rose.");
        }

        var costWorse = cost.Significant(alpha) && after.MeanCost > before.MeanCost * (1 + options.CostRegressionMargin);
        var durationWorse = duration.Significant(alpha) && after.MeanDuration > before.MeanDuration * (1 + options.CostRegressionMargin);
        if (costWorse || durationWorse)
        {
            var which = costWorse ? "cost per task" : "task duration";
            var test = costWorse ? cost : duration;
            return new Verdict(VerificationVerdict.Regressed, test.PValue, test.Effect, before.Tasks, after.Tasks, text + $" Verdict: the {which} in scope rose while the success rate did not.");
        }

        if (!nonInferior)
        {
            // Not shown to keep success within the margin yet: a risky change waits for more data (and is rolled back
            // at the deadline); a safe one is kept as unchanged.
            if (risky)
            {
                return Wait(pastDeadline, before, after, text + " Success is not yet shown to stay within the non-inferiority margin.");
            }

            return new Verdict(VerificationVerdict.Unchanged, failures.PValue, successDiff, before.Tasks, after.Tasks, text + " Verdict: no significant change of outcomes.");
        }

        var costBetter = cost.Significant(alpha) && after.MeanCost < before.MeanCost;
        var durationBetter = duration.Significant(alpha) && after.MeanDuration < before.MeanDuration;
        if (costBetter || durationBetter)
        {
            var test = costBetter ? cost : duration;
            return new Verdict(VerificationVerdict.Improved, test.PValue, test.Effect, before.Tasks, after.Tasks, text + $" Verdict: the {(costBetter ? "cost per task" : "task duration")} in scope fell with success kept within the margin.");
        }

        return new Verdict(VerificationVerdict.Unchanged, failures.PValue, successDiff, before.Tasks, after.Tasks, text + " Verdict: no significant change of outcomes; success kept within the margin.");
    }

    private static Verdict Wait(bool pastDeadline, ScopeOutcomes before, ScopeOutcomes after, string text) => pastDeadline
        ? new Verdict(VerificationVerdict.Inconclusive, null, null, before.Tasks, after.Tasks, text + " The verification deadline passed: the verdict is inconclusive.")
        : new Verdict(VerificationVerdict.InsufficientData, null, null, before.Tasks, after.Tasks, text);

    private static string Windows(OutcomeTarget target, ScopeOutcomes before, ScopeOutcomes after) =>
        string.Create(CultureInfo.InvariantCulture, $"Judged on task runs in scope ({(target.Scope.IsEmpty ? "every task" : target.Scope.ToString())}): before {(target.BeforeFrom is { } f ? "from " + f.ToString("O", CultureInfo.InvariantCulture) + " (cut at an earlier change in scope)" : "the read window")} to {target.Split:O}, after to {(target.AfterTo is { } t ? t.ToString("O", CultureInfo.InvariantCulture) + " (cut at a later change in scope)" : "now")}{(target.Excluded.Count > 0 ? $", leaving out {target.Excluded.Count} period(s) in which another change in scope was in effect and later rolled back" : string.Empty)}; {before.Tasks} runs before, {after.Tasks} after.");

    private static ValueTest Compare(MetricSample before, MetricSample after, int min)
    {
        if (before.Values.Count < min || after.Values.Count < min)
        {
            return new ValueTest(1, 0, false);
        }

        // Mann-Whitney for a shift of the whole distribution; a Welch test of the means as well, since a change that
        // touches a minority of runs (fewer re-attempts of broken calls) moves the mean with most values tied.
        var u = StatisticalTests.MannWhitneyU(before.Values, after.Values);
        var welch = Welch(before.Values, after.Values);
        return welch.PValue < u.PValue ? new ValueTest(welch.PValue, welch.Effect, true) : new ValueTest(u.PValue, u.Effect, true);
    }

    private static TestResult Welch(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        static (double Mean, double Variance) Moments(IReadOnlyList<double> v)
        {
            var mean = v.Average();
            var variance = v.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, v.Count - 1);
            return (mean, variance);
        }

        var (m1, v1) = Moments(before);
        var (m2, v2) = Moments(after);
        var se = Math.Sqrt((v1 / before.Count) + (v2 / after.Count));
        if (se <= 0)
        {
            return new TestResult(1, m2 - m1, 0);
        }

        var z = (m2 - m1) / se;
        return new TestResult(StatisticalTests.TwoSidedP(z), m2 - m1, z);
    }

    private static string Describe(string name, double before, double after, ValueTest test, string format) =>
        !test.Tested ? $" {name}: too few values." : string.Create(CultureInfo.InvariantCulture,
            $" {name}: mean {before.ToString(format, CultureInfo.InvariantCulture)} before, {after.ToString(format, CultureInfo.InvariantCulture)} after (Mann-Whitney or Welch, the smaller p = {test.PValue:0.####}).");

    /// <summary>The standard normal quantile (Acklam's rational approximation, good to about 1e-9).</summary>
    private static double NormalQuantile(double p)
    {
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Horner(c, q) / ((Horner(d, q) * q) + 1);
        }

        if (p > 1 - 0.02425)
        {
            return -NormalQuantile(1 - p);
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    private static double Horner(double[] coefficients, double x)
    {
        var sum = 0.0;
        foreach (var k in coefficients)
        {
            sum = (sum * x) + k;
        }

        return sum;
    }

    private readonly record struct ValueTest(double PValue, double Effect, bool Tested)
    {
        public bool Significant(double alpha) => Tested && PValue < alpha;
    }
}
