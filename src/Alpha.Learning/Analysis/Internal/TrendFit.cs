namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// A trend test fitted to a series of daily means: the test's result (slopes per week), the level (the median daily
/// mean), the fitted line's value on the last day, the weekly change (Sen's slope over the level) and the weeks with data.
/// </summary>
internal readonly record struct TrendFit(TrendResult Result, double Level, double Current, double WeeklyChange, int Weeks);
