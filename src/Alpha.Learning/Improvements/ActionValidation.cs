namespace Alpha.Learning.Improvements;

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
