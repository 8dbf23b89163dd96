namespace Alpha.Learning.Cli.Report;

/// <summary>A vertical marker on the x axis (an improvement applied or rolled back).</summary>
internal sealed record ChartMarker(double X, string Label, bool IsRollback);
