using Alpha.Learning.Analysis;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli.Report;

/// <summary>A pattern with its per-cycle history (within the report's window).</summary>
internal sealed record PatternTrend(StoredPattern Pattern, IReadOnlyList<PatternOccurrence> History);
