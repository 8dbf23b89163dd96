using System.Security.Cryptography;
using System.Text;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.Storage;
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
/// All state lives in the <see cref="ILearningStore"/>, so a new executor over the same store (after a restart, or in
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
    private const int ListLimit = 100_000;
    private const string ChangedSincePlanned = "The configuration changed since the change was planned; nothing was written and the change will be planned again.";

    private readonly IConfigStore _configStore;
    private readonly ILearningStore _store;
    private readonly Dictionary<ActionType, IImprovementAction> _actions;
    private readonly ImprovementExecutorOptions _options;
    private readonly GuardrailOptions _guardrailOptions;
    private readonly Guardrails _guardrails;
    private readonly TimeZoneInfo _timeZone;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

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
        ILearningStore store,
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
        _options = options.Value ?? throw new ArgumentException("The executor options are missing (options.Value is null).", nameof(options));
        _guardrailOptions = guardrails.Value ?? throw new ArgumentException("The guardrail options are missing (guardrails.Value is null).", nameof(guardrails));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxDailyImprovements, "options.MaxDailyImprovements");
        if (!(_options.MinConfidence is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException("options.MinConfidence", _options.MinConfidence, "ImprovementExecutorOptions.MinConfidence must be between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RecoveryGracePeriod, TimeSpan.Zero, "options.RecoveryGracePeriod");
        _timeZone = TimeZones.Find(_options.TimeZone, "ImprovementExecutorOptions.TimeZone");

        _actions = [];
        foreach (var action in actions)
        {
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            if (!_actions.TryAdd(action.ActionType, action))
            {
                throw new ArgumentException($"Two actions carry out {EnumNames.ToName(action.ActionType)} recommendations; register one per action type.", nameof(actions));
            }
        }

        _configStore = configStore;
        _store = store;
        _timeProvider = timeProvider;
        _guardrails = new Guardrails(_guardrailOptions, timeProvider);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Applies a recommendation: validates, plans, and unless <paramref name="dryRun"/>, backs up, writes and records it.</summary>
    /// <param name="recommendation">The recommendation.</param>
    /// <param name="validate">Whether to check the confidence and the guardrails (see <see cref="ApplyOptions.Validate"/>).</param>
    /// <param name="dryRun">Whether only to plan and return the diff.</param>
    /// <param name="cancellationToken">The token to cancel with (honoured until the write starts).</param>
    /// <returns>What happened.</returns>
    public Task<ImprovementResult> ApplyRecommendationAsync(ImprovementRecommendation recommendation, bool validate = true, bool dryRun = false, CancellationToken cancellationToken = default) =>
        ApplyRecommendationAsync(recommendation, new ApplyOptions { Validate = validate, DryRun = dryRun }, cancellationToken);

    /// <summary>Applies a recommendation: validates, plans, and unless <see cref="ApplyOptions.DryRun"/>, backs up, writes and records it.</summary>
    /// <param name="recommendation">The recommendation.</param>
    /// <param name="options">How to apply it.</param>
    /// <param name="cancellationToken">The token to cancel with (honoured until the write starts).</param>
    /// <returns>What happened.</returns>
    public async Task<ImprovementResult> ApplyRecommendationAsync(ImprovementRecommendation recommendation, ApplyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(recommendation.Id, nameof(recommendation));

        var prepared = await PrepareAsync(recommendation, options.Validate, options.Approved, excludeId: null, cancellationToken).ConfigureAwait(false);
        if (prepared.Result is { } early)
        {
            return early;
        }

        var (plan, verdict) = (prepared.Plan!, prepared.Verdict);
        if (verdict is { Outcome: GuardrailOutcome.RequiresApproval } && !options.Approved && !options.DryRun)
        {
            return await QueueAsync(recommendation, plan, verdict.Reason, verdict, options.CycleNumber, cancellationToken).ConfigureAwait(false);
        }

        if (options.DryRun)
        {
            var dry = NewRecord(recommendation, plan, ImprovementStatus.DryRun, ImprovementRecord.NewId(_timeProvider), options.CycleNumber, Inv($"Dry run: {Describe(plan.Changes)} planned; nothing was written."));
            await _store.StoreImprovementAsync(dry, cancellationToken).ConfigureAwait(false);
            Log.DryRun(_logger, recommendation.Id, plan.Changes.Count);
            return new ImprovementResult { Outcome = ImprovementOutcome.DryRun, Improvement = dry, Changes = plan.Changes, Reason = dry.Reason!, Guardrail = verdict };
        }

        // Reserve: quota and idempotency, atomically in the store, under an id derived from the recommendation.
        var (start, end) = QuotaDay(_timeProvider.GetUtcNow());
        var quota = options.Approved ? int.MaxValue : _options.MaxDailyImprovements;
        ImprovementRecord? reserved = null;
        for (var attempt = 0; attempt < 3 && reserved is null; attempt++)
        {
            var existing = await _store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
            if (existing.FirstOrDefault(r => r.Status is ImprovementStatus.Applying or ImprovementStatus.Applied) is { } active)
            {
                return AlreadyApplied(recommendation, active);
            }

            var record = NewRecord(recommendation, plan, ImprovementStatus.Applying, NextId("apply", recommendation.Id, existing), options.CycleNumber);
            var outcome = await _store.TryReserveImprovementAsync(record, start, end, quota, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case ReservationOutcome.Reserved:
                    reserved = record;
                    break;
                case ReservationOutcome.QuotaExceeded:
                    Log.QuotaExceeded(_logger, recommendation.Id, _options.MaxDailyImprovements);
                    return new ImprovementResult
                    {
                        Outcome = ImprovementOutcome.QuotaExceeded,
                        Changes = plan.Changes,
                        Reason = Inv($"The daily quota of {_options.MaxDailyImprovements} improvements ({_timeZone.Id} day from {start:O}) is used up; '{recommendation.Id}' was not applied."),
                        Guardrail = verdict,
                    };
                default:
                    break; // Another executor reserved the same id meanwhile: look again.
            }
        }

        if (reserved is null)
        {
            var latest = await _store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
            return latest.Count > 0 && latest[0] is { } other
                ? AlreadyApplied(recommendation, other)
                : new ImprovementResult { Outcome = ImprovementOutcome.Failed, Changes = plan.Changes, Reason = Inv($"The recommendation '{recommendation.Id}' could not be reserved in the store; nothing was written.") };
        }

        return await WriteAndCommitAsync(reserved, plan, verdict, cancellationToken).ConfigureAwait(false);
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
        var prepared = await PrepareAsync(recommendation, validate: true, approved: true, excludeId: null, cancellationToken).ConfigureAwait(false);
        if (prepared.Result is { } early)
        {
            return early;
        }

        return await QueueAsync(recommendation, prepared.Plan!, reason, prepared.Verdict, cycleNumber, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Approves an improvement waiting in <see cref="ImprovementStatus.PendingApproval"/>: takes it (compare-and-set) to
    /// <see cref="ImprovementStatus.Applying"/>, plans it again against the current configuration as approved, and
    /// applies it when the diff is still the one queued. The daily quota does not apply to a person's decision.
    /// </summary>
    /// <param name="improvementId">The id of the pending improvement.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What happened; <see cref="ImprovementOutcome.Refused"/> when it is not pending.</returns>
    public async Task<ImprovementResult> ApproveAsync(string improvementId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(improvementId);
        var record = await _store.GetImprovementAsync(improvementId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new ImprovementResult { Outcome = ImprovementOutcome.Refused, Reason = Inv($"There is no improvement with id '{improvementId}'.") };
        }

        if (record.Status != ImprovementStatus.PendingApproval)
        {
            return new ImprovementResult { Outcome = ImprovementOutcome.Refused, Improvement = record, Changes = record.Changes, Reason = Inv($"The improvement '{improvementId}' is {EnumNames.ToName(record.Status)}, not pending approval; nothing was done.") };
        }

        var recommendation = ToRecommendation(record);
        var prepared = await PrepareAsync(recommendation, validate: true, approved: true, excludeId: record.Id, cancellationToken).ConfigureAwait(false);
        if (prepared.Result is { } early)
        {
            // Refused, advisory, already applied or unplannable: the decision stays open for a person unless it can never succeed.
            if (early.Outcome is ImprovementOutcome.AlreadyApplied or ImprovementOutcome.Refused)
            {
                await _store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.PendingApproval, early.Reason, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return Reload(early, await _store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false));
            }

            return Reload(early, record);
        }

        var plan = prepared.Plan!;
        if (!SameChanges(plan.Changes, record.Changes))
        {
            const string why = "The configuration changed since the improvement was queued, so the diff approved is no longer the one that would be written; nothing was written.";
            await _store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.PendingApproval, why, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return new ImprovementResult { Outcome = ImprovementOutcome.Conflict, Improvement = await _store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false), Changes = plan.Changes, Reason = why };
        }

        var taken = await _store.UpdateImprovementAsync(
            new ImprovementUpdate
            {
                Id = record.Id,
                NewStatus = ImprovementStatus.Applying,
                ExpectedStatus = ImprovementStatus.PendingApproval,
                At = _timeProvider.GetUtcNow(),
                Reason = "Approved by a person.",
                ConfigFile = plan.Location,
                VersionBefore = plan.BaseVersion,
                VersionAfter = plan.NewVersion,
            },
            cancellationToken).ConfigureAwait(false);
        if (!taken)
        {
            var now = await _store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false);
            return new ImprovementResult { Outcome = ImprovementOutcome.Refused, Improvement = now, Changes = record.Changes, Reason = Inv($"The improvement '{record.Id}' is no longer pending approval (someone decided first); nothing was done.") };
        }

        var applying = (await _store.GetImprovementAsync(record.Id, cancellationToken).ConfigureAwait(false))!;
        return await WriteAndCommitAsync(applying, plan, prepared.Verdict, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rejects an improvement waiting in <see cref="ImprovementStatus.PendingApproval"/> (compare-and-set to <see cref="ImprovementStatus.Rejected"/>).</summary>
    /// <param name="improvementId">The id of the pending improvement.</param>
    /// <param name="reason">Why, for people, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns><see langword="true"/> when it was pending and is now rejected.</returns>
    public Task<bool> RejectAsync(string improvementId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(improvementId);
        return _store.UpdateImprovementStatusAsync(improvementId, ImprovementStatus.Rejected, ImprovementStatus.PendingApproval, reason ?? "Rejected by a person.", _timeProvider.GetUtcNow(), cancellationToken);
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
    public async Task<RollbackResult> RollbackImprovementAsync(string improvementId, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(improvementId);
        var record = await _store.GetImprovementAsync(improvementId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return new RollbackResult { Success = false, Reason = Inv($"There is no improvement with id '{improvementId}'.") };
        }

        if (record.Status != ImprovementStatus.Applied)
        {
            return new RollbackResult { Success = false, Improvement = record, Reason = Inv($"The improvement '{improvementId}' is {EnumNames.ToName(record.Status)}; only an applied improvement can be rolled back.") };
        }

        if (!_actions.TryGetValue(record.ActionType, out var action))
        {
            return new RollbackResult { Success = false, Improvement = record, Reason = Inv($"No action is registered for {EnumNames.ToName(record.ActionType)} improvements, so '{improvementId}' cannot be rolled back.") };
        }

        var snapshot = await _configStore.ReadAsync(cancellationToken).ConfigureAwait(false);
        var changedSince = new List<string>();
        foreach (var change in record.Changes)
        {
            var present = snapshot.TryGetValue(change.Path, out var current);
            var expected = change.RemoveKey ? !present : present && YamlScalars.ValueEquals(YamlScalars.Normalize(current), YamlScalars.Normalize(change.NewValue));
            if (!expected)
            {
                changedSince.Add(Inv($"'{change.Path}' is now {(present ? YamlScalars.Describe(current) : "absent")}, not {YamlScalars.Describe(change.NewValue)}"));
                continue;
            }

            var later = await _store.GetPathChangesAsync(change.Path, record.AppliedAt ?? record.CreatedAt, cancellationToken).ConfigureAwait(false);
            if (later.FirstOrDefault(p => !string.Equals(p.ImprovementId, record.Id, StringComparison.Ordinal)) is { } other)
            {
                changedSince.Add(Inv($"'{change.Path}' was changed by improvement '{other.ImprovementId}' at {other.At:O}"));
            }
        }

        if (changedSince.Count > 0 && !force)
        {
            var why = Inv($"The improvement '{improvementId}' was not rolled back because the same paths changed since it was applied ({string.Join("; ", changedSince)}); roll back with force to restore its old values anyway.");
            Log.RollbackRefused(_logger, improvementId, changedSince.Count);
            return new RollbackResult { Success = false, Improvement = record, Reason = why };
        }

        // The inverse, planned against the values as they are now (they equal the applied ones unless forced).
        var inverse = new List<ConfigChange>();
        foreach (var change in action.Invert(record.Changes))
        {
            var present = snapshot.TryGetValue(change.Path, out var current);
            if (change.RemoveKey)
            {
                if (present)
                {
                    inverse.Add(new ConfigChange { Path = change.Path, OldValue = current, NewValue = current ?? change.NewValue, RemoveKey = true });
                }
            }
            else
            {
                inverse.Add(new ConfigChange { Path = change.Path, OldValue = present ? current : null, NewValue = change.NewValue });
            }
        }

        ConfigEditPlan? plan = null;
        if (inverse.Count > 0)
        {
            try
            {
                plan = await _configStore.PlanAsync(inverse, cancellationToken).ConfigureAwait(false);
            }
            catch (ConfigStoreException ex)
            {
                var why = ex.Error == ConfigStoreError.ValueChanged
                    ? Inv($"The improvement '{improvementId}' was not rolled back because the configuration changed while the rollback was planned: {ex.Message}")
                    : Inv($"The improvement '{improvementId}' was not rolled back: {ex.Message}");
                return new RollbackResult { Success = false, Improvement = record, Reason = why };
            }
        }

        var at = _timeProvider.GetUtcNow();
        string? backup = null;
        if (plan is { HasChanges: true })
        {
            try
            {
                backup = await BackupAsync(plan, record.Id + "-rollback", cancellationToken).ConfigureAwait(false);
            }
            catch (ConflictException)
            {
                return new RollbackResult { Success = false, Improvement = record, Changes = plan.Changes, Reason = Inv($"The improvement '{improvementId}' was not rolled back: {ChangedSincePlanned}") };
            }

            var written = await action.ApplyAsync(plan, _configStore, CancellationToken.None).ConfigureAwait(false);
            if (written.Status == ConfigWriteStatus.Conflict)
            {
                TryDelete(backup);
                return new RollbackResult { Success = false, Improvement = record, Changes = plan.Changes, Reason = Inv($"The improvement '{improvementId}' was not rolled back: {ChangedSincePlanned}") };
            }

            at = _timeProvider.GetUtcNow();
        }

        var changes = plan?.Changes ?? [];
        var reason = changedSince.Count > 0 ? Inv($"Rolled back by force over later changes ({string.Join("; ", changedSince)}).") : "Rolled back.";
        var committed = await _store.UpdateImprovementAsync(
            new ImprovementUpdate
            {
                Id = record.Id,
                NewStatus = ImprovementStatus.RolledBack,
                ExpectedStatus = ImprovementStatus.Applied,
                At = at,
                Reason = reason,
                PathChanges = PathChanges(changes, record.Id, PathChangeKind.RolledBack, at),
            },
            CancellationToken.None).ConfigureAwait(false);
        var stored = await _store.GetImprovementAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
        if (!committed)
        {
            return new RollbackResult { Success = stored?.Status == ImprovementStatus.RolledBack, Improvement = stored, Changes = changes, Reason = Inv($"The improvement '{improvementId}' was rolled back by someone else meanwhile.") };
        }

        Log.RolledBack(_logger, record.Id, changes.Count, backup ?? string.Empty);
        return new RollbackResult { Success = true, Improvement = stored, Changes = changes, Reason = Inv($"The improvement '{improvementId}' was rolled back: {Describe(changes)} restored.") };
    }

    /// <summary>Gets the improvements with a status, newest first.</summary>
    /// <param name="status">The status, or <see langword="null"/> for every improvement. The default value is <see cref="ImprovementStatus.Applied"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The improvements.</returns>
    public Task<IReadOnlyList<ImprovementRecord>> GetAppliedImprovementsAsync(ImprovementStatus? status = ImprovementStatus.Applied, CancellationToken cancellationToken = default) =>
        _store.GetImprovementsAsync(status, null, ListLimit, cancellationToken);

    /// <summary>Gets the counts of improvements by status, today's quota use and the last apply.</summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The statistics.</returns>
    public async Task<ExecutorStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var statistics = await _store.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        var byStatus = Enum.GetValues<ImprovementStatus>().ToDictionary(s => s, s => statistics.ImprovementsByStatus.TryGetValue(s, out var n) ? n : 0);
        var (start, end) = QuotaDay(_timeProvider.GetUtcNow());
        var today = await _store.CountAppliedInWindowAsync(start, end, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? last = null;
        foreach (var status in new[] { ImprovementStatus.Applied, ImprovementStatus.RolledBack })
        {
            var records = await _store.GetImprovementsAsync(status, null, ListLimit, cancellationToken).ConfigureAwait(false);
            var latest = records.Max(r => r.AppliedAt);
            if (latest > last || last is null)
            {
                last = latest;
            }
        }

        return new ExecutorStatistics
        {
            ByStatus = byStatus,
            Total = statistics.TotalImprovements,
            AppliedToday = today,
            DailyQuota = _options.MaxDailyImprovements,
            RemainingToday = Math.Max(0, _options.MaxDailyImprovements - today),
            LastAppliedAt = last,
            QuotaDayStart = start,
            QuotaDayEnd = end,
        };
    }

    /// <summary>
    /// Reconciles the store with the configuration after a crash: every improvement left in
    /// <see cref="ImprovementStatus.Applying"/> for longer than <see cref="ImprovementExecutorOptions.RecoveryGracePeriod"/>
    /// is marked applied when the configuration has its new version, failed ("aborted by a crash before the write")
    /// when it still has its old version, and failed ("conflict: needs a person") otherwise, leaving the file alone.
    /// Then the temporary files of interrupted writes are removed.
    /// </summary>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What was reconciled.</returns>
    public async Task<RecoveryResult> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var location = (_configStore as YamlConfigStore)?.Path;
        var applying = await _store.GetImprovementsAsync(ImprovementStatus.Applying, null, ListLimit, cancellationToken).ConfigureAwait(false);
        var reconciled = 0;
        var aborted = 0;
        var cutoff = _timeProvider.GetUtcNow() - _options.RecoveryGracePeriod;
        foreach (var record in applying)
        {
            if ((record.StatusChangedAt ?? record.CreatedAt) > cutoff
                || (location is not null && record.ConfigFile is not null && !string.Equals(record.ConfigFile, location, StringComparison.Ordinal)))
            {
                continue;
            }

            var status = await ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
            _ = status == ImprovementStatus.Applied ? reconciled++ : aborted++;
        }

        var temp = await _configStore.RecoverAsync(cancellationToken).ConfigureAwait(false);
        Log.Recovered(_logger, reconciled, aborted, temp);
        return new RecoveryResult { Reconciled = reconciled, Aborted = aborted, TempFilesRemoved = temp };
    }

    private async Task<Prepared> PrepareAsync(ImprovementRecommendation recommendation, bool validate, bool approved, string? excludeId, CancellationToken cancellationToken)
    {
        if (!_actions.TryGetValue(recommendation.ActionType, out var action))
        {
            return Early(ImprovementOutcome.Refused, Inv($"No action is registered for {EnumNames.ToName(recommendation.ActionType)} recommendations, so '{recommendation.Id}' was not applied."));
        }

        var validation = action.Validate(recommendation);
        if (validation.Status == ActionValidationStatus.Advisory)
        {
            return Early(ImprovementOutcome.Advisory, Inv($"For a person: {recommendation.Note ?? recommendation.Rationale}"));
        }

        if (!validation.IsValid)
        {
            return Early(ImprovementOutcome.Refused, validation.Reason);
        }

        if (validate && recommendation.Confidence < _options.MinConfidence)
        {
            return Early(ImprovementOutcome.Refused, Inv($"The confidence {recommendation.Confidence:0.###} of '{recommendation.Id}' is below the minimum {_options.MinConfidence:0.###}."));
        }

        var existing = await _store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
        foreach (var record in existing.Where(r => r.Status == ImprovementStatus.Applying && !string.Equals(r.Id, excludeId, StringComparison.Ordinal)))
        {
            // An apply left half done by a crashed process is settled first, once it is old enough not to be running elsewhere.
            if ((record.StatusChangedAt ?? record.CreatedAt) <= _timeProvider.GetUtcNow() - _options.RecoveryGracePeriod)
            {
                await ReconcileAsync(record, cancellationToken).ConfigureAwait(false);
            }
        }

        existing = await _store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
        if (existing.FirstOrDefault(r => r.Status is ImprovementStatus.Applying or ImprovementStatus.Applied && !string.Equals(r.Id, excludeId, StringComparison.Ordinal)) is { } active)
        {
            return new Prepared(AlreadyApplied(recommendation, active), null, null);
        }

        ConfigEditPlan plan;
        try
        {
            plan = await action.PlanAsync(recommendation, _configStore, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigStoreException ex)
        {
            Log.PlanFailed(_logger, recommendation.Id, ex.Error);
            return Early(ImprovementOutcome.Failed, Inv($"The recommendation '{recommendation.Id}' could not be planned: {ex.Message}"));
        }
        catch (InvalidOperationException ex)
        {
            return Early(ImprovementOutcome.Refused, ex.Message);
        }

        if (!plan.HasChanges)
        {
            return Early(ImprovementOutcome.Refused, Inv($"The configuration already has every value '{recommendation.Id}' sets; there is nothing to change."));
        }

        GuardrailVerdict? deciding = null;
        if (validate)
        {
            var since = _timeProvider.GetUtcNow() - _guardrailOptions.HistoryWindow;
            foreach (var change in plan.Changes)
            {
                var history = await _store.GetPathChangesAsync(change.Path, since, cancellationToken).ConfigureAwait(false);
                var verdict = _guardrails.Evaluate(change, history.Select(ToHistory).ToArray());
                if (verdict.Outcome == GuardrailOutcome.Refused)
                {
                    Log.GuardrailRefused(_logger, recommendation.Id, verdict.Path, verdict.Check);
                    return new Prepared(new ImprovementResult { Outcome = ImprovementOutcome.Refused, Changes = plan.Changes, Reason = verdict.Reason, Guardrail = verdict }, plan, verdict);
                }

                if (verdict.Outcome == GuardrailOutcome.RequiresApproval && deciding is null)
                {
                    deciding = verdict;
                }
            }
        }

        return new Prepared(null, plan, approved ? null : deciding);

        static Prepared Early(ImprovementOutcome outcome, string reason) => new(new ImprovementResult { Outcome = outcome, Reason = reason }, null, null);
    }

    private async Task<ImprovementResult> QueueAsync(ImprovementRecommendation recommendation, ConfigEditPlan plan, string reason, GuardrailVerdict? verdict, long? cycleNumber, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await _store.GetImprovementsByRecommendationAsync(recommendation.Id, cancellationToken).ConfigureAwait(false);
            if (existing.FirstOrDefault(r => r.Status == ImprovementStatus.PendingApproval) is { } pending)
            {
                return new ImprovementResult { Outcome = ImprovementOutcome.PendingApproval, Improvement = pending, Changes = pending.Changes, Reason = Inv($"The recommendation '{recommendation.Id}' already waits for approval as '{pending.Id}'."), Guardrail = verdict };
            }

            var record = NewRecord(recommendation, plan, ImprovementStatus.PendingApproval, NextId("approval", recommendation.Id, existing), cycleNumber, reason);
            try
            {
                await _store.StoreImprovementAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                continue; // Queued by another executor meanwhile: look again.
            }

            Log.Queued(_logger, recommendation.Id, record.Id);
            return new ImprovementResult { Outcome = ImprovementOutcome.PendingApproval, Improvement = record, Changes = plan.Changes, Reason = Inv($"Waits for a person's approval: {reason}"), Guardrail = verdict };
        }

        return new ImprovementResult { Outcome = ImprovementOutcome.Failed, Changes = plan.Changes, Reason = Inv($"The recommendation '{recommendation.Id}' could not be queued for approval.") };
    }

    private async Task<ImprovementResult> WriteAndCommitAsync(ImprovementRecord record, ConfigEditPlan plan, GuardrailVerdict? verdict, CancellationToken cancellationToken)
    {
        var action = _actions[record.ActionType];
        string backup;
        ConfigWriteResult written;
        try
        {
            try
            {
                backup = await BackupAsync(plan, record.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (ConflictException)
            {
                return await ConflictAsync(record, plan).ConfigureAwait(false);
            }

            // From here on the write is not cancelled: a half-done apply is worse than a late one.
            written = await action.ApplyAsync(plan, _configStore, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ConfigStoreException or OperationCanceledException)
        {
            // Settle from the file: whatever happened, the record must end up agreeing with it.
            var status = await ReconcileAsync(record, CancellationToken.None, Inv($"failed before the write completed: {ex.Message}")).ConfigureAwait(false);
            var stored = await _store.GetImprovementAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
            return status == ImprovementStatus.Applied
                ? new ImprovementResult { Outcome = ImprovementOutcome.Applied, Improvement = stored, Changes = plan.Changes, Reason = Inv($"Applied {Describe(plan.Changes)}."), Guardrail = verdict }
                : new ImprovementResult { Outcome = ImprovementOutcome.Failed, Improvement = stored, Changes = plan.Changes, Reason = stored?.Reason ?? ex.Message, Guardrail = verdict };
        }

        if (written.Status == ConfigWriteStatus.Conflict)
        {
            TryDelete(backup);
            return await ConflictAsync(record, plan).ConfigureAwait(false);
        }

        var at = _timeProvider.GetUtcNow();
        var committed = await _store.UpdateImprovementAsync(
            new ImprovementUpdate
            {
                Id = record.Id,
                NewStatus = ImprovementStatus.Applied,
                ExpectedStatus = ImprovementStatus.Applying,
                At = at,
                ConfigFile = plan.Location,
                VersionBefore = plan.BaseVersion,
                VersionAfter = written.Version,
                BackupFile = backup,
                PathChanges = PathChanges(plan.Changes, record.Id, PathChangeKind.Applied, at),
            },
            CancellationToken.None).ConfigureAwait(false);
        var result = await _store.GetImprovementAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
        if (!committed && result?.Status != ImprovementStatus.Applied)
        {
            Log.CommitLost(_logger, record.Id, result is null ? "missing" : EnumNames.ToName(result.Status));
            return new ImprovementResult { Outcome = ImprovementOutcome.Failed, Improvement = result, Changes = plan.Changes, Reason = Inv($"The changes of '{record.Id}' were written, but the improvement was no longer applying when it was recorded ({result?.Reason}); a person should check it."), Guardrail = verdict };
        }

        Log.Applied(_logger, record.Id, record.RecommendationId, plan.Changes.Count, backup);
        return new ImprovementResult { Outcome = ImprovementOutcome.Applied, Improvement = result, Changes = plan.Changes, Reason = Inv($"Applied {Describe(plan.Changes)}."), Guardrail = verdict };
    }

    private async Task<ImprovementResult> ConflictAsync(ImprovementRecord record, ConfigEditPlan plan)
    {
        Log.ApplyConflict(_logger, record.Id);
        await _store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.Applying, "changed since planned: " + ChangedSincePlanned, _timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        var stored = await _store.GetImprovementAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
        return new ImprovementResult { Outcome = ImprovementOutcome.Conflict, Improvement = stored, Changes = plan.Changes, Reason = ChangedSincePlanned };
    }

    /// <summary>Settles an improvement left in applying from the configuration's version.</summary>
    private async Task<ImprovementStatus> ReconcileAsync(ImprovementRecord record, CancellationToken cancellationToken, string? failure = null)
    {
        string? version = null;
        try
        {
            version = (await _configStore.ReadAsync(cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (ConfigStoreException)
        {
            // Unreadable now: a person must look.
        }

        var at = _timeProvider.GetUtcNow();
        if (version is not null && string.Equals(version, record.VersionAfter, StringComparison.Ordinal))
        {
            var done = await _store.UpdateImprovementAsync(
                new ImprovementUpdate
                {
                    Id = record.Id,
                    NewStatus = ImprovementStatus.Applied,
                    ExpectedStatus = ImprovementStatus.Applying,
                    At = at,
                    Reason = "Recovered: the configuration has the new version.",
                    PathChanges = PathChanges(record.Changes, record.Id, PathChangeKind.Applied, at),
                },
                cancellationToken).ConfigureAwait(false);
            Log.Reconciled(_logger, record.Id, "applied");
            return done ? ImprovementStatus.Applied : await CurrentStatusAsync(record.Id).ConfigureAwait(false);
        }

        var reason = failure is not null && string.Equals(version, record.VersionBefore, StringComparison.Ordinal)
            ? Inv($"Aborted: {failure}; the configuration was not changed.")
            : string.Equals(version, record.VersionBefore, StringComparison.Ordinal)
                ? "Aborted by a crash before the write; the configuration was not changed."
                : "Conflict: the configuration has neither the version before nor the version after this improvement; it needs a person.";
        var failed = await _store.UpdateImprovementStatusAsync(record.Id, ImprovementStatus.Failed, ImprovementStatus.Applying, reason, at, cancellationToken).ConfigureAwait(false);
        Log.Reconciled(_logger, record.Id, "failed");
        return failed ? ImprovementStatus.Failed : await CurrentStatusAsync(record.Id).ConfigureAwait(false);
    }

    private async Task<ImprovementStatus> CurrentStatusAsync(string id) =>
        (await _store.GetImprovementAsync(id, CancellationToken.None).ConfigureAwait(false))?.Status ?? ImprovementStatus.Failed;

    /// <summary>Copies the bytes the plan replaces to a new file (0600, created new, never through a link) after checking they still have the plan's base version.</summary>
    private async Task<string> BackupAsync(ConfigEditPlan plan, string name, CancellationToken cancellationToken)
    {
        byte[] old;
        string extension;
        if (File.Exists(plan.Location))
        {
            old = await File.ReadAllBytesAsync(plan.Location, cancellationToken).ConfigureAwait(false);
            extension = Path.GetExtension(plan.Location);
        }
        else
        {
            var snapshot = await _configStore.ReadAsync(cancellationToken).ConfigureAwait(false);
            old = Encoding.UTF8.GetBytes(snapshot.Text);
            if (!string.Equals(snapshot.Version, plan.BaseVersion, StringComparison.Ordinal))
            {
                throw new ConflictException();
            }

            extension = ".txt";
        }

        if (File.Exists(plan.Location) && !string.Equals(Convert.ToHexStringLower(SHA256.HashData(old)), plan.BaseVersion, StringComparison.Ordinal))
        {
            throw new ConflictException();
        }

        var folder = BackupFolder(plan.Location);
        var unix = !OperatingSystem.IsWindows();
        if (unix)
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        if (new DirectoryInfo(folder).LinkTarget is not null)
        {
            throw new IOException(Inv($"The backup folder '{folder}' is a symbolic link; backups are never written through a link."));
        }

        var stamp = _timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(folder, Inv($"{Path.GetFileNameWithoutExtension(plan.Location)}.{stamp}.{name}{extension}.bak"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (unix)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            if (unix)
            {
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await stream.WriteAsync(old, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        return path;
    }

    private string BackupFolder(string location)
    {
        if (!string.IsNullOrWhiteSpace(_options.BackupDirectory))
        {
            return Path.GetFullPath(_options.BackupDirectory);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(location)) ?? Directory.GetCurrentDirectory();
        var parent = Path.Combine(folder, ".alpha-learning");
        if (Directory.Exists(parent) && new DirectoryInfo(parent).LinkTarget is not null)
        {
            throw new IOException(Inv($"The folder '{parent}' is a symbolic link; backups are never written through a link."));
        }

        return Path.Combine(parent, "backups");
    }

    private (DateTimeOffset Start, DateTimeOffset End) QuotaDay(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _timeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        return (StartOfDay(day), StartOfDay(day.AddDays(1)));
    }

    /// <summary>The first instant of a calendar day in the quota time zone (midnight may be skipped or repeated by daylight saving).</summary>
    private DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (_timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = _timeZone.IsAmbiguousTime(local) ? _timeZone.GetAmbiguousTimeOffsets(local).Max() : _timeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private ImprovementRecord NewRecord(ImprovementRecommendation recommendation, ConfigEditPlan plan, ImprovementStatus status, string id, long? cycleNumber, string? reason = null) => new()
    {
        Id = id,
        RecommendationId = recommendation.Id,
        PatternFingerprint = recommendation.PatternFingerprint ?? string.Empty,
        PatternType = recommendation.PatternType,
        Title = recommendation.Title ?? recommendation.Id,
        ActionType = recommendation.ActionType,
        Risk = recommendation.Risk,
        Priority = recommendation.Priority,
        Confidence = recommendation.Confidence,
        TargetMetric = recommendation.TargetMetric,
        Subject = recommendation.Subject ?? string.Empty,
        Key = recommendation.Key ?? string.Empty,
        Changes = plan.Changes,
        Status = status,
        CreatedAt = _timeProvider.GetUtcNow(),
        ConfigFile = plan.Location,
        VersionBefore = plan.BaseVersion,
        VersionAfter = plan.NewVersion,
        CycleNumber = cycleNumber,
        Reason = reason,
    };

    private static ImprovementRecommendation ToRecommendation(ImprovementRecord record) => new()
    {
        Id = record.RecommendationId,
        Title = record.Title,
        Rationale = record.Reason ?? record.Title,
        Priority = record.Priority,
        ActionType = record.ActionType,
        Confidence = record.Confidence,
        Risk = record.Risk,
        PatternFingerprint = record.PatternFingerprint,
        PatternType = record.PatternType,
        Subject = record.Subject,
        Key = record.Key,
        TargetMetric = record.TargetMetric,
        Changes = record.Changes.Select(c => new ConfigChange { Path = c.Path, NewValue = c.NewValue }).ToArray(),
    };

    /// <summary>
    /// The id of the next reservation of a recommendation: derived from it and the count of earlier ones, so two
    /// executors deciding at once compute the same id and the store lets only one of them have it.
    /// </summary>
    private static string NextId(string purpose, string recommendationId, IReadOnlyList<ImprovementRecord> existing)
    {
        var taken = existing.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        for (var n = 0; ; n++)
        {
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Inv($"{purpose}\n{recommendationId}\n{n}"))))[..32];
            if (!taken.Contains(id))
            {
                return id;
            }
        }
    }

    private static PathChange[] PathChanges(IReadOnlyList<ConfigChange> changes, string improvementId, PathChangeKind kind, DateTimeOffset at) =>
        changes.Select(c =>
        {
            var newValue = c.RemoveKey ? null : YamlScalars.Normalize(c.NewValue);
            var oldValue = YamlScalars.Normalize(c.OldValue);
            return new PathChange { Path = c.Path, OldValue = oldValue, NewValue = newValue, ImprovementId = improvementId, Kind = kind, Direction = PathChange.DirectionOf(oldValue, newValue), At = at };
        }).ToArray();

    private static GuardrailHistoryEntry ToHistory(PathChange change) =>
        new() { At = change.At, OldValue = change.OldValue, NewValue = change.NewValue, IsRollback = change.Kind == PathChangeKind.RolledBack };

    private static bool SameChanges(IReadOnlyList<ConfigChange> left, IReadOnlyList<ConfigChange> right) =>
        left.Count == right.Count
        && left.Zip(right).All(p => string.Equals(p.First.Path, p.Second.Path, StringComparison.Ordinal)
            && p.First.RemoveKey == p.Second.RemoveKey
            && YamlScalars.ValueEquals(YamlScalars.Normalize(p.First.OldValue), YamlScalars.Normalize(p.Second.OldValue))
            && YamlScalars.ValueEquals(YamlScalars.Normalize(p.First.NewValue), YamlScalars.Normalize(p.Second.NewValue)));

    private static ImprovementResult AlreadyApplied(ImprovementRecommendation recommendation, ImprovementRecord active) => new()
    {
        Outcome = ImprovementOutcome.AlreadyApplied,
        Improvement = active,
        Changes = active.Changes,
        Reason = active.Status == ImprovementStatus.Applying
            ? Inv($"The recommendation '{recommendation.Id}' is being applied as '{active.Id}'; nothing was written.")
            : Inv($"The recommendation '{recommendation.Id}' is already applied as '{active.Id}'; nothing was written."),
    };

    private static ImprovementResult Reload(ImprovementResult result, ImprovementRecord? record) => new()
    {
        Outcome = result.Outcome,
        Improvement = record,
        Changes = result.Changes,
        Reason = result.Reason,
        Guardrail = result.Guardrail,
    };

    private static string Describe(IReadOnlyList<ConfigChange> changes) =>
        changes.Count == 0
            ? "no change"
            : string.Join(", ", changes.Select(c => c.RemoveKey ? Inv($"'{c.Path}' removed") : Inv($"'{c.Path}' {YamlScalars.Describe(c.OldValue)} → {YamlScalars.Describe(c.NewValue)}")));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover backup of an unchanged file does no harm.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static string Inv(FormattableString value) => FormattableString.Invariant(value);

    private sealed record Prepared(ImprovementResult? Result, ConfigEditPlan? Plan, GuardrailVerdict? Verdict);

    private sealed class ConflictException : Exception;
}
