namespace Alpha.Learning.Analysis;

/// <summary>
/// What a detector knows when it proposes recommendations for a pattern.
/// </summary>
public sealed class RecommendationContext
{
    /// <summary>Gets the analysis options (thresholds, bounds, path templates, price table).</summary>
    public required AnalysisOptions Options { get; init; }

    /// <summary>Gets every pattern of the analysis, so a rule can weigh related evidence (for example a successful pattern of the same task).</summary>
    public required IReadOnlyList<LogPattern> Patterns { get; init; }

    /// <summary>Gets the reference instant.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// Gets the host's configuration as the cycle plans against it, or <see langword="null"/> when it is not known
    /// (a plain analysis). Rules read current values from it: a change's old value is what the configuration holds.
    /// </summary>
    public Improvements.ConfigSnapshot? Config { get; init; }

    /// <summary>Gets the span of the analysed events (to turn counts into rates per week), or <see langword="null"/> when unknown.</summary>
    public TimeSpan? Span { get; init; }
}
