namespace Alpha.Learning.Loop.Internal;

/// <summary>The result of a two-sample test: the p-value (two-sided) and the direction of the effect.</summary>
/// <param name="PValue">The two-sided p-value.</param>
/// <param name="Effect">A signed effect size: after minus before (difference of proportions, or the rank-biserial correlation for Mann-Whitney).</param>
/// <param name="Statistic">The z statistic.</param>
internal readonly record struct TestResult(double PValue, double Effect, double Statistic);
