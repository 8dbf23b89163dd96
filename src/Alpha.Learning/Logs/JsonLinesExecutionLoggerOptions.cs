namespace Alpha.Learning.Logs;

/// <summary>
/// Options of <see cref="JsonLinesExecutionLogger"/>.
/// </summary>
public sealed class JsonLinesExecutionLoggerOptions
{
    /// <summary>Gets or sets the folder the log files are written to; created when missing. The default value is <c>logs</c>.</summary>
    public string Directory { get; set; } = "logs";

    /// <summary>Gets or sets the start of every file name (<c>{prefix}-{yyyy-MM-dd}.jsonl</c>). The default value is <c>execution</c>.</summary>
    public string FilePrefix { get; set; } = "execution";

    /// <summary>Gets or sets whether a new file is started for every UTC day of the event timestamps. The default value is <see langword="true"/>.</summary>
    public bool RotateDaily { get; set; } = true;

    /// <summary>
    /// Gets or sets the size in bytes after which a new file is started (<c>{prefix}-{yyyy-MM-dd}-001.jsonl</c>, …);
    /// 0 for no limit. The default value is 100 MiB.
    /// </summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Gets or sets whether every event is flushed to the file as soon as it is written. When <see langword="false"/>,
    /// events are buffered and written on <see cref="JsonLinesExecutionLogger.Flush"/>, on rotation and on dispose.
    /// The default value is <see langword="false"/>.
    /// </summary>
    public bool AutoFlush { get; set; }
}
