namespace Alpha.Learning.Logs;

/// <summary>
/// Options of <see cref="JsonLinesLogSource"/>.
/// </summary>
public sealed class JsonLinesLogSourceOptions
{
    /// <summary>
    /// Gets or sets the files or folders read when a <see cref="LogQuery"/> names none.
    /// The default value is empty (a query must name its paths).
    /// </summary>
    public IList<string> Paths { get; set; } = [];

    /// <summary>
    /// Gets or sets the longest line read, in bytes; longer lines are skipped and counted as
    /// <see cref="MalformedReason.LineTooLong"/>. The default value is 1 MiB (1,048,576).
    /// </summary>
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets the deepest JSON nesting accepted in a line; deeper lines are skipped as
    /// <see cref="MalformedReason.TooDeep"/>. The default value is 32.
    /// </summary>
    public int MaxDepth { get; set; } = 32;

    /// <summary>
    /// Gets or sets the IANA or Windows id of the time zone in which timestamps without an offset are read.
    /// The default value is <c>UTC</c>.
    /// </summary>
    public string NaiveTimestampTimeZone { get; set; } = "UTC";

    /// <summary>
    /// Gets or sets how many threads parse blocks of lines at once, the consumer's own thread among them (1 to 64):
    /// the consumer parses the next block itself rather than wait for it, and <c>MaxParallelism - 1</c> dedicated
    /// threads parse ahead of it. Events are still delivered in order, file by file in time order and line by line. The default value is the number of
    /// processors, at most 4.
    /// </summary>
    public int MaxParallelism { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>The largest <see cref="MaxParallelism"/> allowed: each parsing thread has its own parser and caches.</summary>
    internal const int MaxParallelismLimit = 64;

    /// <summary>
    /// Gets or sets how many malformed lines of each reason are kept with file and line number.
    /// The default value is 5.
    /// </summary>
    public int MalformedSamplesPerReason { get; set; } = 5;
}
