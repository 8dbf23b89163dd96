namespace Alpha.Learning.LogGenerator;

/// <summary>What to generate.</summary>
public sealed class LogGeneratorOptions
{
    /// <summary>Gets or sets the seed: the same options always give byte-identical files. The default value is 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the approximate total size in megabytes (10^6 bytes). The default value is 5.</summary>
    public double SizeMegabytes { get; set; } = 5;

    /// <summary>Gets or sets the number of files. The default value is 1.</summary>
    public int Files { get; set; } = 1;

    /// <summary>Gets or sets the first instant. The default value is 2026-11-16T00:00:00Z.</summary>
    public DateTimeOffset Start { get; set; } = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets or sets the time span the events cover. The default value is 7 days.</summary>
    public TimeSpan Span { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the timestamp style. The default value is <see cref="GeneratedTimestampStyle.Utc"/>.</summary>
    public GeneratedTimestampStyle TimestampStyle { get; set; } = GeneratedTimestampStyle.Utc;

    /// <summary>Gets or sets the share of lines that are malformed, from 0 to 1. The default value is 0.</summary>
    public double MalformedRate { get; set; }

    /// <summary>Gets or sets whether every file but the newest is gzip-compressed. The default value is <see langword="false"/>.</summary>
    public bool CompressOlderFiles { get; set; }

    /// <summary>Gets or sets the start of every file name. The default value is <c>agent</c>.</summary>
    public string FilePrefix { get; set; } = "agent";
}
