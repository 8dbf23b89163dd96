using Alpha.Learning.Internal;

namespace Alpha.Learning.Loop;

/// <summary>
/// Options of the feedback loop.
/// </summary>
public sealed class FeedbackLoopOptions
{
    /// <summary>Gets or sets the mode. The default value is <see cref="FeedbackLoopMode.SemiAuto"/>.</summary>
    public FeedbackLoopMode Mode { get; set; } = FeedbackLoopMode.SemiAuto;

    /// <summary>Gets or sets the least confidence a recommendation needs to be applied or queued; below it, it is skipped. The default value is 0.7.</summary>
    [SettingRange(0, 1)]
    public double MinConfidence { get; set; } = 0.7;

    /// <summary>Gets or sets the most improvements applied per day (counted in <see cref="TimeZone"/>), across restarts and processes. The default value is 5.</summary>
    [SettingRange(0)]
    public int MaxDailyImprovements { get; set; } = 5;

    /// <summary>Gets or sets the most improvements applied in one cycle. The default value is 3.</summary>
    [SettingRange(0)]
    public int MaxChangesPerCycle { get; set; } = 3;

    /// <summary>Gets or sets how many days of logs each cycle analyses. The default value is 7.</summary>
    [SettingRange(1, 366)]
    public int AnalysisWindowDays { get; set; } = 7;

    /// <summary>Gets or sets whether each change is dry-run (planned and checked, nothing written) before it is applied. The default value is <see langword="true"/>.</summary>
    public bool DryRunFirst { get; set; } = true;

    /// <summary>Gets or sets whether a change that verification finds made things worse is rolled back automatically (in Manual mode, proposed for approval). The default value is <see langword="true"/>.</summary>
    public bool EnableRollback { get; set; } = true;

    /// <summary>Gets or sets the most automatic rollbacks in a row before the loop drops to Manual mode and says so. The default value is 3.</summary>
    [SettingRange(1)]
    public int MaxConsecutiveRollbacks { get; set; } = 3;

    /// <summary>Gets or sets the least number of events touched by a change, before and after, for a verdict. The default value is 50.</summary>
    [SettingRange(2)]
    public int MinVerificationSamples { get; set; } = 50;

    /// <summary>Gets or sets the significance level of the verification tests. The default value is 0.05.</summary>
    [SettingRange(0, 1, MinimumIsExclusive = true, MaximumIsExclusive = true)]
    public double VerificationSignificance { get; set; } = 0.05;

    /// <summary>
    /// Gets or sets how long after it was applied a change may go without enough data in its scope for a verdict. Past
    /// it the verdict is <c>inconclusive</c>: a risky change (routing, a lowered limit) is rolled back (proposed for
    /// rollback in Manual mode), a safe one is kept with that verdict stored. The default value is 14 days.
    /// </summary>
    [SettingDuration(0, MinimumIsExclusive = true)]
    public TimeSpan VerificationDeadline { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Gets or sets the non-inferiority margin of the task success rate in a change's scope (an absolute share): a
    /// risky change is kept only once its scope's success rate is shown (one-sided, at the verification significance)
    /// not to have fallen by this much or more. The default value is 0.05.
    /// </summary>
    [SettingRange(0, 1, MaximumIsExclusive = true)]
    public double SuccessNonInferiorityMargin { get; set; } = 0.05;

    /// <summary>
    /// Gets or sets the relative rise of cost per task, or of task duration, in a change's scope that counts as a
    /// regression when it is significant and the change did not raise the success rate. The default value is 0.05.
    /// </summary>
    [SettingRange(0, 10, MaximumIsExclusive = true)]
    public double CostRegressionMargin { get; set; } = 0.05;

    /// <summary>
    /// Gets or sets what one successful task is worth in US dollars, to weigh tasks saved against dollars saved when
    /// changes are ordered by expected benefit. The default value is 1.
    /// </summary>
    [SettingRange(0, MinimumIsExclusive = true)]
    public double UsdPerTask { get; set; } = 1;

    /// <summary>
    /// Gets or sets the least occurrences of its pattern, all seen after the rollback, that count as new evidence for
    /// re-applying a change that was rolled back as inconclusive. A change rolled back because it made things worse is
    /// only re-applied with a person's approval. The default value is 20.
    /// </summary>
    [SettingRange(1)]
    public int ReapplyMinNewOccurrences { get; set; } = 20;

    /// <summary>Gets or sets how long a recommendation may wait for approval before it expires; one whose pattern is still seen is queued again by a later cycle. The default value is 7 days.</summary>
    [SettingDuration(0, MinimumIsExclusive = true)]
    public TimeSpan PendingApprovalExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the IANA or Windows id of the time zone in which the daily quota's day is counted. The default value is <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets how long a cycle's lease lasts before another process may take over (renewed between the cycle's steps and before each change; a cycle that lost it stops). The default value is 30 minutes.</summary>
    [SettingDuration(10)]
    public TimeSpan CycleLeaseDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Gets the schedule of the default scheduler. The default value is daily at 02:00 UTC.</summary>
    public FeedbackLoopSchedule Schedule { get; } = new();

    /// <summary>Gets the fleet options: with an <see cref="Fleet.FleetOptions.Instance"/> name the loop learns with the other instances sharing its store. The default value is to learn alone.</summary>
    public Fleet.FleetOptions Fleet { get; } = new();

    /// <summary>Gets or sets the log files or folders analysed. The default value is empty (the log source's own default).</summary>
    public IList<string> LogPaths { get; set; } = [];

    /// <summary>
    /// Gets or sets how long the learning store keeps what is finished: after each completed cycle, patterns last seen,
    /// metrics, correlations, cycle runs and improvements in a final state older than this are purged (see
    /// <c>ILearningStore.PurgeAsync</c>; applied improvements and their history are always kept). <see langword="null"/>
    /// keeps everything. The default value is 180 days.
    /// </summary>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(180);
}
