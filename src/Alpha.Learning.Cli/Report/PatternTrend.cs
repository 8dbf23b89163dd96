using Alpha.Learning.Analysis;

namespace Alpha.Learning.Cli.Report;

/// <summary>A pattern with its per-cycle history (within the report's window).</summary>
internal sealed record PatternTrend(StoredPattern Pattern, IReadOnlyList<PatternOccurrence> History);
