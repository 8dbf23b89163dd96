namespace Alpha.Learning.Analysis.Internal;

/// <summary>A trend test's result: Kendall's S, the one-sided p-value of an upward trend, z, and Sen's slope with its bounds.</summary>
internal readonly record struct TrendResult(double S, double PValue, double Z, double Slope, double Lower, double Upper);
