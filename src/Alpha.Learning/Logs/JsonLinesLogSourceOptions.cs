using Alpha.Learning.Internal;

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
    [SettingRange(64)]
    public int MaxLineBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets the deepest JSON nesting accepted in a line; deeper lines are skipped as
    /// <see cref="MalformedReason.TooDeep"/>. The default value is 32.
    /// </summary>
    [SettingRange(2)]
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
    [SettingRange(1, MaxParallelismLimit)]
    public int MaxParallelism { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>The largest <see cref="MaxParallelism"/> allowed: each parsing thread has its own parser and caches.</summary>
    internal const int MaxParallelismLimit = 64;

    /// <summary>
    /// Gets or sets how many malformed lines of each reason are kept with file and line number.
    /// The default value is 5.
    /// </summary>
    [SettingRange(0)]
    public int MalformedSamplesPerReason { get; set; } = 5;

    /// <summary>
    /// Gets or sets the most bytes one gzip file may decompress to; the rest of a file past it is reported as
    /// <c>unreadable_data</c> (a small file of newlines or zeros can expand a thousandfold). The default value is
    /// 16 GiB, far above a day of an agent's logs.
    /// </summary>
    [SettingRange(1)]
    public long MaxDecompressedBytes { get; set; } = DefaultMaxDecompressedBytes;

    /// <summary>
    /// Gets or sets the most lines one gzip file may decompress to; the rest of a file past it is reported as
    /// <c>unreadable_data</c>. The default value is 100 million (about 20 GB of typical 200-byte event lines).
    /// </summary>
    [SettingRange(1)]
    public long MaxDecompressedLines { get; set; } = DefaultMaxDecompressedLines;

    /// <summary>
    /// Gets or sets how recently a file must have been written for its last line, when unterminated and cut inside a
    /// JSON object, to be taken as still being written: it is left for the next read instead of counted as
    /// <c>invalid_json</c>. <see cref="TimeSpan.Zero"/> reads every line as it is. The default value is 10 seconds.
    /// </summary>
    public TimeSpan UnterminatedLineGrace { get; set; } = TimeSpan.FromSeconds(10);

    internal const long DefaultMaxDecompressedBytes = 16L * 1024 * 1024 * 1024;

    internal const long DefaultMaxDecompressedLines = 100_000_000;
}
