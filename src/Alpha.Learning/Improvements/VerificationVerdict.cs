namespace Alpha.Learning.Improvements;

/// <summary>
/// What the verification of an applied improvement concluded. Serialised as the snake_case names
/// (<c>none</c>, <c>insufficient_data</c>, <c>improved</c>, <c>unchanged</c>, <c>regressed</c>).
/// </summary>
public enum VerificationVerdict
{
    /// <summary><c>none</c>: not verified yet.</summary>
    None = 0,

    /// <summary><c>insufficient_data</c>: too few samples before or after to conclude.</summary>
    InsufficientData = 1,

    /// <summary><c>improved</c>: the target metric got significantly better.</summary>
    Improved = 2,

    /// <summary><c>unchanged</c>: no significant difference.</summary>
    Unchanged = 3,

    /// <summary><c>regressed</c>: the target metric got significantly worse.</summary>
    Regressed = 4,

    /// <summary>
    /// <c>inconclusive</c>: the verification deadline passed with too little data in the change's scope, or an
    /// outage-like burst across scopes hid the change's effect. Risky kinds are rolled back; safe kinds are kept.
    /// </summary>
    Inconclusive = 5,
}
