using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// The one mapping between the stores' rows and the records, shared by the SQLite and the PostgreSQL store: the column
/// lists (both schemas name and order these columns alike) and, per record, the row reader and the values written.
/// </summary>
internal static class StoreRecords
{
    public const string ImprovementColumns =
        "id, recommendation_id, pattern_fingerprint, pattern_type, title, action_type, risk, priority, confidence, target_metric, " +
        "subject, key, changes, status, created_at, applied_at, rolled_back_at, status_changed_at, config_file, version_before, " +
        "version_after, backup_file, reason, verdict, cycle_number";

    public const string PatternColumns =
        "id, fingerprint, pattern_type, subject, key, description, occurrences, impact_score, first_seen, last_seen, examples, metadata, last_cycle, updated_at";

    public const string PatternHistoryColumns = "fingerprint, cycle_number, occurrences, impact_score, recorded_at";

    public const string PathChangeColumns = "path, old_value, new_value, improvement_id, kind, direction, at";

    public const string CorrelationColumns = "correlation_type, source, target, score, sample_size, details, created_at";

    public const string CycleColumns = "cycle_number, started_at, finished_at, status, reason, report, owner";

    public const string LeaseColumns = "name, owner, acquired_at, expires_at";

    public const string BaselineColumns = "improvement_id, metric, sample_size, data, captured_at";

    public const string VerificationColumns = "improvement_id, metric, verdict, p_value, effect, baseline_size, after_size, details, at";

    /// <summary>The values of an improvement in the order of <see cref="ImprovementColumns"/> (instants as they are, absent values as <see langword="null"/>).</summary>
    public static object?[] ImprovementValues(ImprovementRecord record) =>
    [
        record.Id,
        record.RecommendationId ?? string.Empty,
        record.PatternFingerprint ?? string.Empty,
        EnumNames.ToName(record.PatternType),
        record.Title ?? string.Empty,
        EnumNames.ToName(record.ActionType),
        EnumNames.ToName(record.Risk),
        EnumNames.ToName(record.Priority),
        record.Confidence,
        EnumNames.ToName(record.TargetMetric),
        record.Subject ?? string.Empty,
        record.Key ?? string.Empty,
        SqlText.Changes(record.Changes),
        EnumNames.ToName(record.Status),
        record.CreatedAt,
        record.AppliedAt,
        record.RolledBackAt,
        record.StatusChangedAt,
        record.ConfigFile,
        record.VersionBefore,
        record.VersionAfter,
        record.BackupFile,
        record.Reason,
        EnumNames.ToName(record.Verdict),
        record.CycleNumber,
    ];

    /// <summary>The values of a path change in the order of <see cref="PathChangeColumns"/>.</summary>
    public static object?[] PathChangeValues(PathChange change) =>
    [
        change.Path,
        SqlText.Scalar(change.OldValue),
        SqlText.Scalar(change.NewValue),
        change.ImprovementId,
        EnumNames.ToName(change.Kind),
        EnumNames.ToName(change.Direction),
        change.At,
    ];

    public static ImprovementRecord Improvement<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Id = r.Text(0),
        RecommendationId = r.Text(1),
        PatternFingerprint = r.Text(2),
        PatternType = EnumNames.ParsePatternType(r.Text(3)),
        Title = r.Text(4),
        ActionType = EnumNames.ParseActionType(r.Text(5)),
        Risk = EnumNames.ParseRiskLevel(r.Text(6)),
        Priority = EnumNames.ParsePriority(r.Text(7)),
        Confidence = r.Double(8),
        TargetMetric = EnumNames.ParseTargetMetric(r.Text(9)),
        Subject = r.Text(10),
        Key = r.Text(11),
        Changes = SqlText.ParseChanges(r.Text(12)),
        Status = EnumNames.ParseImprovementStatus(r.Text(13)),
        CreatedAt = r.Time(14),
        AppliedAt = r.TimeOrNull(15),
        RolledBackAt = r.TimeOrNull(16),
        StatusChangedAt = r.TimeOrNull(17),
        ConfigFile = r.TextOrNull(18),
        VersionBefore = r.TextOrNull(19),
        VersionAfter = r.TextOrNull(20),
        BackupFile = r.TextOrNull(21),
        Reason = r.TextOrNull(22),
        Verdict = EnumNames.ParseVerificationVerdict(r.Text(23)),
        CycleNumber = r.Int64OrNull(24),
    };

    public static StoredPattern Pattern<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Id = r.Text(0),
        Fingerprint = r.Text(1),
        Type = EnumNames.ParsePatternType(r.Text(2)),
        Subject = r.Text(3),
        Key = r.Text(4),
        Description = r.Text(5),
        Occurrences = r.Int64(6),
        ImpactScore = r.Double(7),
        FirstSeen = r.Time(8),
        LastSeen = r.Time(9),
        Examples = SqlText.ParseStrings(r.Text(10)),
        Metadata = SqlText.ParseMetadata(r.Text(11)),
        LastCycle = r.Int64OrNull(12),
        UpdatedAt = r.Time(13),
    };

    public static PatternOccurrence Occurrence<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Fingerprint = r.Text(0),
        CycleNumber = r.Int64OrNull(1),
        Occurrences = r.Int64(2),
        ImpactScore = r.Double(3),
        RecordedAt = r.Time(4),
    };

    public static PathChange PathChange<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Path = r.Text(0),
        OldValue = SqlText.ParseScalar(r.Text(1)),
        NewValue = SqlText.ParseScalar(r.Text(2)),
        ImprovementId = r.Text(3),
        Kind = EnumNames.ParsePathChangeKind(r.Text(4)),
        Direction = EnumNames.ParseChangeDirection(r.Text(5)),
        At = r.Time(6),
    };

    /// <summary>A metric value from (name, value, instant, subject, tags); the stores name the instant column apart.</summary>
    public static SuccessMetric Metric<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Name = r.Text(0),
        Value = r.Double(1),
        Timestamp = r.Time(2),
        Subject = r.TextOrNull(3),
        Tags = SqlText.ParseStringMap(r.TextOrNull(4)),
    };

    public static Correlation Correlation<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Type = r.Text(0),
        Source = r.Text(1),
        Target = r.Text(2),
        Score = r.Double(3),
        SampleSize = r.Int64(4),
        Details = r.TextOrNull(5),
        CreatedAt = r.Time(6),
    };

    public static CycleRun Cycle<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        CycleNumber = r.Int64(0),
        StartedAt = r.Time(1),
        FinishedAt = r.TimeOrNull(2),
        Status = EnumNames.ParseCycleRunStatus(r.Text(3)),
        Reason = r.TextOrNull(4),
        Report = r.TextOrNull(5),
        Owner = r.TextOrNull(6),
    };

    public static LearningStoreLease Lease<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        Name = r.Text(0),
        Owner = r.Text(1),
        AcquiredAt = r.Time(2),
        ExpiresAt = r.Time(3),
    };

    public static VerificationBaseline Baseline<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        ImprovementId = r.Text(0),
        Metric = EnumNames.ParseTargetMetric(r.Text(1)),
        SampleSize = r.Int64(2),
        Data = r.Text(3),
        CapturedAt = r.Time(4),
    };

    public static VerificationResult Verification<TRow>(TRow r)
        where TRow : struct, IStoreRow => new()
    {
        ImprovementId = r.Text(0),
        Metric = EnumNames.ParseTargetMetric(r.Text(1)),
        Verdict = EnumNames.ParseVerificationVerdict(r.Text(2)),
        PValue = r.DoubleOrNull(3),
        Effect = r.DoubleOrNull(4),
        BaselineSize = r.Int64(5),
        AfterSize = r.Int64(6),
        Details = r.TextOrNull(7),
        At = r.Time(8),
    };
}
