namespace Alpha.Learning.Loop;

/// <summary>
/// A relation found between two things (for example a tool and a failure), with its strength.
/// </summary>
public sealed class Correlation
{
    /// <summary>Gets the kind of correlation (for example <c>tool_failure</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Gets the first side.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the second side.</summary>
    public required string Target { get; init; }

    /// <summary>Gets the strength (for example a correlation coefficient or a lift).</summary>
    public required double Score { get; init; }

    /// <summary>Gets how many observations the score rests on.</summary>
    public long SampleSize { get; init; }

    /// <summary>Gets details as JSON text, or <see langword="null"/>. The default value is <see langword="null"/>.</summary>
    public string? Details { get; init; }

    /// <summary>Gets when it was found.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
