using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop.Internal;

/// <summary>What one cycle has done so far: its number, mode, step, analysis, items, verifications and notes.</summary>
internal sealed class CycleState(long number, FeedbackLoopMode mode, bool dryRun, DateTimeOffset startedAt)
{
    public long Number { get; } = number;

    public FeedbackLoopMode Mode { get; set; } = mode;

    public bool DryRun { get; } = dryRun;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public string Step { get; set; } = "start";

    public AnalysisResult? Analysis { get; set; }

    public List<CycleImprovementItem> Items { get; } = [];

    public List<CycleVerificationItem> Verifications { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Gets or sets the fleet's merged evidence this cycle's leader analysed, or <see langword="null"/> outside fleet mode.</summary>
    public Fleet.Internal.FleetMerge? Fleet { get; set; }

    public int MetricsStored { get; set; }

    public int CorrelationsStored { get; set; }

    public IReadOnlyList<Alerts.Alert> Alerts { get; set; } = [];

    public CycleReport ToReport(CycleStatus status, string? reason, DateTimeOffset finishedAt) => new()
    {
        CycleNumber = Number,
        Status = status,
        Reason = reason,
        Mode = Mode,
        DryRun = DryRun,
        StartedAt = StartedAt,
        FinishedAt = finishedAt,
        EventsAnalyzed = Analysis?.EventsAnalyzed ?? 0,
        MalformedLines = Analysis?.Statistics.Malformed ?? 0,
        Patterns = Analysis?.Patterns ?? [],
        Recommendations = Analysis?.Recommendations ?? [],
        Improvements = Items,
        Verifications = Verifications,
        MetricsStored = MetricsStored,
        CorrelationsStored = CorrelationsStored,
        Alerts = Alerts,
    };
}
