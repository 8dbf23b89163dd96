namespace Alpha.Learning.Logs;

/// <summary>
/// Where a malformed line was found and why; kept for the first few lines of each reason.
/// </summary>
public sealed class MalformedLineSample
{
    /// <summary>Gets the file the line is in.</summary>
    public required string File { get; init; }

    /// <summary>Gets the 1-based line number.</summary>
    public required long Line { get; init; }

    /// <summary>Gets why the line was skipped.</summary>
    public required MalformedReason Reason { get; init; }

    /// <summary>Gets a short explanation (never the line's content).</summary>
    public required string Detail { get; init; }
}
