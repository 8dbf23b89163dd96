namespace Alpha.Learning.Improvements;

/// <summary>
/// Which way a configuration value moved. Serialised as <c>increase</c>, <c>decrease</c> and <c>other</c>.
/// </summary>
public enum ChangeDirection
{
    /// <summary><c>other</c>: not an ordered change (a string, a boolean, or a value set for the first time).</summary>
    Other = 0,

    /// <summary><c>increase</c>: a number got larger.</summary>
    Increase = 1,

    /// <summary><c>decrease</c>: a number got smaller.</summary>
    Decrease = 2,
}
