namespace Alpha.Learning.ReportSeed;

/// <summary>What <see cref="ReportSeeder.SeedAsync"/> wrote.</summary>
public sealed record SeedSummary(int Cycles, int Patterns, int Improvements, int Metrics);
