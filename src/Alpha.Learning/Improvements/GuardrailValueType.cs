namespace Alpha.Learning.Improvements;

/// <summary>The type a guarded configuration value must have.</summary>
public enum GuardrailValueType
{
    /// <summary>A finite number (whole or not).</summary>
    Number = 0,

    /// <summary>A whole number.</summary>
    WholeNumber = 1,

    /// <summary>A boolean.</summary>
    Boolean = 2,

    /// <summary>A string.</summary>
    Text = 3,
}
