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
