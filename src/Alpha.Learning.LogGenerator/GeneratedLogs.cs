namespace Alpha.Learning.LogGenerator;

/// <summary>What was generated.</summary>
public sealed class GeneratedLogs
{
    /// <summary>Gets the files written, oldest first.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Gets the number of lines written.</summary>
    public required long Lines { get; init; }

    /// <summary>Gets the number of well-formed events written.</summary>
    public required long Events { get; init; }

    /// <summary>Gets the number of malformed lines written.</summary>
    public required long Malformed { get; init; }

    /// <summary>Gets the number of task runs written.</summary>
    public required long Tasks { get; init; }

    /// <summary>Gets the uncompressed size written, in bytes.</summary>
    public required long Bytes { get; init; }
}
