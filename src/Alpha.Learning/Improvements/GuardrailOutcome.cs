namespace Alpha.Learning.Improvements;

/// <summary>What the guardrails decided about a change.</summary>
public enum GuardrailOutcome
{
    /// <summary>The change may be applied automatically.</summary>
    Allowed = 0,

    /// <summary>The change is within bounds, but a person must approve it (too many changes in one direction, or the path is frozen after oscillating).</summary>
    RequiresApproval = 1,

    /// <summary>The change is refused.</summary>
    Refused = 2,
}
