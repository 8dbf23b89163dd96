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

/// <summary>Which guardrail check decided. Serialised as the snake_case names (<c>path</c>, <c>value_type</c>, …).</summary>
public enum GuardrailCheck
{
    /// <summary><c>none</c>: every check passed.</summary>
    None = 0,

    /// <summary><c>path</c>: the path is not a safe dotted path, or no rule allows it.</summary>
    Path = 1,

    /// <summary><c>value_type</c>: the value has the wrong type, or the change removes a key.</summary>
    ValueType = 2,

    /// <summary><c>allowed_values</c>: the string is not one of the allowed values or does not match the allowed pattern.</summary>
    AllowedValues = 3,

    /// <summary><c>minimum</c>: the number is below the minimum.</summary>
    Minimum = 4,

    /// <summary><c>maximum</c>: the number is above the maximum.</summary>
    Maximum = 5,

    /// <summary><c>step</c>: the change is larger than the largest step.</summary>
    Step = 6,

    /// <summary><c>cooldown</c>: the path changed too recently.</summary>
    Cooldown = 7,

    /// <summary><c>same_direction</c>: too many changes in the same direction in a row.</summary>
    SameDirection = 8,

    /// <summary><c>oscillation</c>: the path went A→B→A, or the change would make it do so.</summary>
    Oscillation = 9,
}

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
