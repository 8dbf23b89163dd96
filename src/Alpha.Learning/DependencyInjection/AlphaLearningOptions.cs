using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

namespace Alpha.Learning.DependencyInjection;

/// <summary>
/// All of Alpha.Learning's options in one place, as <c>services.AddAlphaLearning(o => …)</c> and the
/// <c>AlphaLearning</c> configuration section (the CLI's <c>--settings</c> file) set them.
/// </summary>
/// <remarks>
/// Each component reads its part (<c>IOptions&lt;FeedbackLoopOptions&gt;</c> is <see cref="Loop"/>, and so on). The
/// improvement executor's quota (<c>MaxDailyImprovements</c>, <c>TimeZone</c>) and confidence floor come from
/// <see cref="Loop"/>, so the loop and the executor never disagree.
/// </remarks>
public sealed class AlphaLearningOptions
{
    /// <summary>Gets the feedback loop's options (mode, quota, schedule, verification).</summary>
    public FeedbackLoopOptions Loop { get; } = new();

    /// <summary>Gets the analysis options (thresholds, path templates, model prices).</summary>
    public AnalysisOptions Analysis { get; } = new();

    /// <summary>Gets the log source's options (paths, line limit, naive time zone).</summary>
    public JsonLinesLogSourceOptions Logs { get; } = new();

    /// <summary>Gets the learning store's options (database path, busy timeout).</summary>
    public SqliteLearningStoreOptions Store { get; } = new();

    /// <summary>Gets the config store's options (the YAML file the improvements change).</summary>
    public YamlConfigStoreOptions Config { get; } = new();

    /// <summary>Gets the guardrails (allowed paths, bounds, steps, cooldowns).</summary>
    public GuardrailOptions Guardrails { get; } = new();

    /// <summary>Gets the alert options (sinks, de-duplication, quiet period) of baseline-relative findings.</summary>
    public Alpha.Learning.Alerts.AlertOptions Alerts { get; } = new();

    /// <summary>
    /// Gets or sets the folder of the config backups taken before every apply. The default value is <see langword="null"/>:
    /// <c>.alpha-learning/backups</c> beside the config file.
    /// </summary>
    public string? BackupDirectory { get; set; }

    /// <summary>
    /// Gets or sets how old an improvement left in <c>applying</c> must be before it is settled from the configuration
    /// (see <see cref="Improvements.ImprovementExecutorOptions.RecoveryGracePeriod"/>); the CLI sets it with
    /// <c>--settings</c> (<c>{"AlphaLearning":{"RecoveryGracePeriod":"00:01:00"}}</c>). The default value is 10 minutes.
    /// </summary>
    public TimeSpan RecoveryGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
}
