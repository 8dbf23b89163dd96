namespace Alpha.Learning.Improvements;

/// <summary>The decision of <see cref="Guardrails.Evaluate"/> about one change: allowed, or not, with the rule and a reason.</summary>
public sealed class GuardrailVerdict
{
    /// <summary>Gets the decision.</summary>
    public required GuardrailOutcome Outcome { get; init; }

    /// <summary>Gets the check that decided (<see cref="GuardrailCheck.None"/> when allowed).</summary>
    public required GuardrailCheck Check { get; init; }

    /// <summary>Gets the path of the change.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the rule that matched the path, or <see langword="null"/> when none did.</summary>
    public GuardrailRule? Rule { get; init; }

    /// <summary>Gets a sentence for people naming the path, the value and the rule.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets whether the change may be applied automatically.</summary>
    public bool IsAllowed => Outcome == GuardrailOutcome.Allowed;
}
