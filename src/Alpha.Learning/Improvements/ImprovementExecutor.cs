using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal.Executor;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Improvements;

/// <summary>
/// Applies recommendations to the configuration safely and records them: validate (confidence, action, guardrails)
/// → plan (pure) → dry run, or reserve in the store (quota, idempotency) → back up → swap with compare-and-swap on
/// the version → commit. Rolls back one improvement, and reconciles the store with the configuration after a crash.
/// </summary>
/// <remarks>
/// <para>
/// All state lives in the <see cref="IImprovementStore"/>, so a new executor over the same store (after a restart, or in
/// another process) sees the same improvements, quota and pending approvals. Two executors over one store never
/// exceed the daily quota and never apply one recommendation twice: an apply is reserved under an id derived from
/// the recommendation id, so a second reservation of the same recommendation fails in the store.
/// </para>
/// <para>
/// What is stored: a dry run is stored as <see cref="ImprovementStatus.DryRun"/>; a recommendation that needs approval
/// as <see cref="ImprovementStatus.PendingApproval"/>; an apply from its reservation on
/// (<see cref="ImprovementStatus.Applying"/>, then <see cref="ImprovementStatus.Applied"/> or
/// <see cref="ImprovementStatus.Failed"/>). Anything decided before the reservation (advisory, refused, quota
/// exceeded, already applied, a configuration that cannot be planned) stores nothing and writes nothing: the next
/// cycle decides again. An advisory recommendation is therefore never stored by the executor and never counted as applied.
/// </para>
/// <para>
/// A rollback is written with the same backup and compare-and-swap; if the process dies between writing a rollback
/// and recording it, the improvement still reads as applied while the file has the old values, and rolling it back
/// again is refused as "changed since" until forced.
/// </para>
/// </remarks>
public sealed class ImprovementExecutor
{
    private static readonly ApplyOptions DefaultApplyOptions = new();

    private readonly ExecutorContext _context;
    private readonly ApplyPipeline _apply;
    private readonly ApplyPlanner _planner;
    private readonly ApprovalQueue _queue;
    private readonly ApprovalDecisions _decisions;
    private readonly RollbackFlow _rollback;
    private readonly CrashRecovery _recovery;
    private readonly StatisticsReader _statistics;

    /// <summary>Initializes a new instance of the <see cref="ImprovementExecutor"/> class.</summary>
    /// <param name="configStore">The configuration to change.</param>
    /// <param name="store">The learning store that keeps the improvements.</param>
    /// <param name="actions">The actions, at most one per <see cref="ActionType"/> (see <see cref="ImprovementActions.CreateBuiltIn"/>).</param>
    /// <param name="options">The executor options.</param>
    /// <param name="guardrails">The guardrail options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <exception cref="ArgumentException">An option is out of range, the time zone is unknown, or two actions have the same action type.</exception>
    public ImprovementExecutor(
        IConfigStore configStore,
        IImprovementStore store,
        IEnumerable<IImprovementAction> actions,
        IOptions<ImprovementExecutorOptions> options,
        IOptions<GuardrailOptions> guardrails,
        TimeProvider timeProvider,
        ILogger<ImprovementExecutor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configStore);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(guardrails);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var executorOptions = options.Value ?? throw new ArgumentException("The executor options are missing (options.Value is null).", nameof(options));
        var guardrailOptions = guardrails.Value ?? throw new ArgumentException("The guardrail options are missing (guardrails.Value is null).", nameof(guardrails));
        ArgumentOutOfRangeException.ThrowIfNegative(executorOptions.MaxDailyImprovements, "options.MaxDailyImprovements");
        if (!(executorOptions.MinConfidence is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException("options.MinConfidence", executorOptions.MinConfidence, "ImprovementExecutorOptions.MinConfidence must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(executorOptions.RecoveryGracePeriod, TimeSpan.Zero, "options.RecoveryGracePeriod");
        var timeZone = TimeZones.Find(executorOptions.TimeZone, "ImprovementExecutorOptions.TimeZone");

        var registered = new Dictionary<ActionType, IImprovementAction>();
        foreach (var action in actions)
        {
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            if (!registered.TryAdd(action.ActionType, action))
            {
                throw new ArgumentException($"Two actions carry out {EnumNames.ToName(action.ActionType)} recommendations; register one per action type.", nameof(actions));
            }
        }

        _context = new ExecutorContext(configStore, store, registered, executorOptions, guardrailOptions, timeZone, timeProvider, logger ?? (ILogger)NullLogger.Instance);
        var calendar = new QuotaCalendar(timeZone);
        var writer = new ChangeWriter(_context, new ConfigBackups(_context));
        var rollbackIntents = new RollbackIntents(_context);
        _recovery = new CrashRecovery(_context, rollbackIntents);
        _planner = new ApplyPlanner(_context, _recovery);
        _queue = new ApprovalQueue(_context);
        _apply = new ApplyPipeline(_context, _planner, _queue, writer, _recovery, calendar);
        _decisions = new ApprovalDecisions(_context, _planner, _apply);
        _rollback = new RollbackFlow(_context, writer, rollbackIntents);
        _statistics = new StatisticsReader(_context, calendar);
    }

    /// <summary>Applies a recommendation: validates, plans, and unless <see cref="ApplyOptions.DryRun"/>, backs up, writes and records it.</summary>
    /// <param name="recommendation">The recommendation.</param>
    /// <param name="options">How to apply it, or <see langword="null"/> for the defaults (validated, written, manual).</param>
    /// <param name="cancellationToken">The token to cancel with (honoured until the write starts).</param>
    /// <returns>What happened.</returns>
    public Task<ImprovementResult> ApplyRecommendationAsync(ImprovementRecommendation recommendation, ApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentException.ThrowIfNullOrEmpty(recommendation.Id, nameof(recommendation));

        return _apply.ApplyAsync(recommendation, options ?? DefaultApplyOptions, cancellationToken);
    }

    /// <summary>
    /// Validates and plans a recommendation (nothing is written to the configuration) and stores it as
    /// <see cref="ImprovementStatus.PendingApproval"/> with the planned changes. Idempotent per recommendation id while one is pending.
    /// </summary>
    /// <param name="recommendation">The recommendation.</param>
    /// <param name="reason">Why it waits for a person, for people.</param>
    /// <param name="cycleNumber">The cycle that queues it, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see cref="ImprovementOutcome.PendingApproval"/> with the stored record, or why it was not queued.</returns>
    public async Task<ImprovementResult> QueueForApprovalAsync(ImprovementRecommendation recommendation, string reason, long? cycleNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentException.ThrowIfNullOrEmpty(recommendation.Id, nameof(recommendation));
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var prepared = await _planner.PrepareAsync(recommendation, validate: true, approved: true, excludeId: null, cancellationToken).ConfigureAwait(false);
        if (prepared.Result is { } early)
        {
            return early;
        }

        return await _queue.QueueAsync(recommendation, prepared.Plan!, reason, prepared.Verdict, cycleNumber, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Approves an improvement waiting in <see cref="ImprovementStatus.PendingApproval"/>: takes it (compare-and-set) to
    /// <see cref="ImprovementStatus.Applying"/>, plans it again against the current configuration as approved, and
    /// applies it when the diff is still the one queued. The daily quota does not apply to a person's decision.
    /// </summary>
    /// <param name="improvementId">The id of the pending improvement.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What happened; <see cref="ImprovementOutcome.Refused"/> when it is not pending.</returns>
    public Task<ImprovementResult> ApproveAsync(string improvementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(improvementId);
        return _decisions.ApproveAsync(improvementId, cancellationToken);
    }

    /// <summary>Rejects an improvement waiting in <see cref="ImprovementStatus.PendingApproval"/> (compare-and-set to <see cref="ImprovementStatus.Rejected"/>).</summary>
    /// <param name="improvementId">The id of the pending improvement.</param>
    /// <param name="reason">Why, for people, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when it was pending and is now rejected.</returns>
    public Task<bool> RejectAsync(string improvementId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(improvementId);
        return _decisions.RejectAsync(improvementId, reason, cancellationToken);
    }

    /// <summary>
    /// Rolls back one applied improvement: writes the inverse of exactly its changes (with backup and compare-and-swap)
    /// and marks it <see cref="ImprovementStatus.RolledBack"/>. Refuses, with a reason, when one of its paths changed
    /// since it was applied, unless <paramref name="force"/>.
    /// </summary>
    /// <param name="improvementId">The id of the applied improvement.</param>
    /// <param name="force">Whether to restore the old values even over later changes of the same paths.</param>
    /// <param name="cancellationToken">The token to cancel with (honoured until the write starts).</param>
    /// <returns>Whether it was rolled back, and why not.</returns>
    public Task<RollbackResult> RollbackImprovementAsync(string improvementId, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(improvementId);
        return _rollback.RollbackAsync(improvementId, force, cancellationToken);
    }

    /// <summary>Gets the improvements with a status, newest first.</summary>
    /// <param name="status">The status, or <see langword="null"/> for every improvement. The default value is <see cref="ImprovementStatus.Applied"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The improvements.</returns>
    public Task<IReadOnlyList<ImprovementRecord>> GetAppliedImprovementsAsync(ImprovementStatus? status = ImprovementStatus.Applied, CancellationToken cancellationToken = default) =>
        _context.Store.GetImprovementsAsync(status, null, ExecutorContext.ListLimit, cancellationToken);

    /// <summary>Gets the counts of improvements by status, today's quota use and the last apply.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The statistics.</returns>
    public Task<ExecutorStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        _statistics.ReadAsync(cancellationToken);

    /// <summary>
    /// Reconciles the store with the configuration after a crash: every improvement left in
    /// <see cref="ImprovementStatus.Applying"/> for longer than <see cref="ImprovementExecutorOptions.RecoveryGracePeriod"/>
    /// is marked applied when the configuration has its new version, failed ("aborted by a crash before the write")
    /// when it still has its old version, and failed ("conflict: needs a person") otherwise, leaving the file alone.
    /// Then the temporary files of interrupted writes are removed.
    /// </summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What was reconciled.</returns>
    public Task<RecoveryResult> RecoverAsync(CancellationToken cancellationToken = default) =>
        _recovery.RecoverAsync(cancellationToken);
}
