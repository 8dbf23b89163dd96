namespace Alpha.Learning.Improvements;

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
