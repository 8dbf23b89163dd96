using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Compares the metric an improvement targets before and after it was applied: the two-proportion test for rates,
/// Mann-Whitney U for durations and costs, with a minimum sample size on both sides.
/// </summary>
internal static class Verifier
{
    public static Verdict Compare(TargetMetric metric, MetricSample before, MetricSample after, int minSamples, double alpha)
    {
        if (before.Total < minSamples || after.Total < minSamples)
        {
            return new Verdict(VerificationVerdict.InsufficientData, null, null, before.Total, after.Total,
                $"{before.Total} events before and {after.Total} after; at least {minSamples} are needed on each side.");
        }

        if (before.IsRate)
        {
            // The "bad" outcome (error, timeout, failure) should become rarer for every rate metric.
            var test = StatisticalTests.TwoProportion(before.Bad, before.Total, after.Bad, after.Total);
            var verdict = test.PValue >= alpha ? VerificationVerdict.Unchanged : test.Effect < 0 ? VerificationVerdict.Improved : VerificationVerdict.Regressed;
            return new Verdict(verdict, test.PValue, test.Effect, before.Total, after.Total, FormattableString.Invariant(
                $"{Name(metric)}: {before.Bad}/{before.Total} = {Rate(before):0.####} before, {after.Bad}/{after.Total} = {Rate(after):0.####} after; two-proportion z = {test.Statistic:0.###}, p = {test.PValue:0.####}."));
        }

        if (before.Values.Count < minSamples || after.Values.Count < minSamples)
        {
            return new Verdict(VerificationVerdict.InsufficientData, null, null, before.Values.Count, after.Values.Count,
                $"{before.Values.Count} values before and {after.Values.Count} after; at least {minSamples} are needed on each side.");
        }

        // Lower durations and costs are better: a positive effect (after tends to be larger) is a regression.
        var u = StatisticalTests.MannWhitneyU(before.Values, after.Values);
        var valueVerdict = u.PValue >= alpha ? VerificationVerdict.Unchanged : u.Effect > 0 ? VerificationVerdict.Regressed : VerificationVerdict.Improved;
        return new Verdict(valueVerdict, u.PValue, u.Effect, before.Values.Count, after.Values.Count, FormattableString.Invariant(
            $"{Name(metric)}: median {MetricsCollector.Percentile(before.Values, 0.5):0.####} before, {MetricsCollector.Percentile(after.Values, 0.5):0.####} after; p95 {MetricsCollector.Percentile(before.Values, 0.95):0.####} before, {MetricsCollector.Percentile(after.Values, 0.95):0.####} after; Mann-Whitney z = {u.Statistic:0.###}, p = {u.PValue:0.####}."));
    }

    private static double Rate(MetricSample sample) => sample.Total == 0 ? 0 : sample.Bad / (double)sample.Total;

    private static string Name(TargetMetric metric) => EnumNames.ToName(metric);
}
