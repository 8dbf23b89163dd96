namespace Alpha.Learning.Analysis;

/// <summary>
/// How risky applying a recommendation is. Serialised as <c>safe</c> and <c>risky</c>.
/// </summary>
public enum RiskLevel
{
    /// <summary><c>safe</c>: bounded, reversible and well supported by the evidence; may be applied automatically in SemiAuto mode.</summary>
    Safe = 0,

    /// <summary><c>risky</c>: waits for a person's approval except in FullAuto mode.</summary>
    Risky = 1,
}
