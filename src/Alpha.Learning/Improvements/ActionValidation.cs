namespace Alpha.Learning.Improvements;

/// <summary>Whether a recommendation can be applied by an <see cref="IImprovementAction"/>.</summary>
public enum ActionValidationStatus
{
    /// <summary>It can be planned and applied.</summary>
    Valid = 0,

    /// <summary>It is wrong (kind, path, value type, count) and is refused; see <see cref="ActionValidation.Reason"/>.</summary>
    Invalid = 1,

    /// <summary>It is for a person: it has no configuration change and is never applied, only recorded.</summary>
    Advisory = 2,
}

/// <summary>The result of <see cref="IImprovementAction.Validate"/>.</summary>
public sealed class ActionValidation
{
    /// <summary>Gets the decision.</summary>
    public required ActionValidationStatus Status { get; init; }

    /// <summary>Gets a sentence for people saying why.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets whether the recommendation can be planned and applied.</summary>
    public bool IsValid => Status == ActionValidationStatus.Valid;
}
