namespace Alpha.Learning.Improvements;

/// <summary>The options of <see cref="ImprovementExecutor"/>.</summary>
public sealed class ImprovementExecutorOptions
{
    /// <summary>
    /// Gets or sets the folder for the backups taken before every write (created with mode 0700). The default value
    /// is <see langword="null"/>: <c>.alpha-learning/backups</c> in the folder of the configuration file.
    /// </summary>
    public string? BackupDirectory { get; set; }

    /// <summary>
    /// Gets or sets how many improvements may be applied automatically per day (in <see cref="TimeZone"/>); 0 allows
    /// none. Improvements being applied, applied, and applied then rolled back all count. The default value is 5.
    /// </summary>
    public int MaxDailyImprovements { get; set; } = 5;

    /// <summary>
    /// Gets or sets the time zone (an IANA or Windows id) whose calendar days the quota counts; the day boundaries
    /// follow its daylight-saving changes. The default value is <c>"UTC"</c>.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Gets or sets the lowest confidence (0 to 1) of a recommendation the executor applies when asked to validate.
    /// The default value is 0 (the feedback loop filters by confidence before it calls the executor).
    /// </summary>
    public double MinConfidence { get; set; }

    /// <summary>
    /// Gets or sets how old an improvement left in <c>applying</c> must be before it is reconciled from the
    /// configuration's version (by <see cref="ImprovementExecutor.RecoverAsync"/> or when the same recommendation is
    /// applied again), so that an apply still running in another process is never mistaken for a crashed one.
    /// The default value is 10 minutes.
    /// </summary>
    public TimeSpan RecoveryGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
}
