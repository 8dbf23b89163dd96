namespace Alpha.Learning.Logs;

/// <summary>A log file a read skipped, and why.</summary>
public sealed class SkippedLogFile
{
    /// <summary>Gets the file's path (untrusted text: escape it before printing it to a terminal).</summary>
    public required string File { get; init; }

    /// <summary>Gets why it was skipped.</summary>
    public required SkippedFileReason Reason { get; init; }

    /// <summary>Gets a short explanation, such as the error of an unreadable file.</summary>
    public required string Detail { get; init; }
}
