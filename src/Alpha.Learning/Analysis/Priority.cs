namespace Alpha.Learning.Analysis;

/// <summary>
/// How urgent a recommendation is. Serialised as <c>critical</c> … <c>info</c>.
/// </summary>
public enum Priority
{
    /// <summary><c>info</c>: for information only.</summary>
    Info = 1,

    /// <summary><c>low</c>.</summary>
    Low = 2,

    /// <summary><c>medium</c>.</summary>
    Medium = 3,

    /// <summary><c>high</c>.</summary>
    High = 4,

    /// <summary><c>critical</c>.</summary>
    Critical = 5,
}
