namespace Alpha.Learning.Cli.Report;

/// <summary>A point of a series.</summary>
internal readonly record struct ChartPoint(double X, double Y);
