namespace Alpha.Learning.Cli.Report;

/// <summary>One line of a chart: a name (untrusted text, encoded when drawn) and its points, in x order.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);
