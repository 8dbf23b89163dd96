using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Cli.Report;

/// <summary>An improvement with its verification results.</summary>
internal sealed record ImprovementRow(ImprovementRecord Improvement, IReadOnlyList<VerificationResult> Verifications);
