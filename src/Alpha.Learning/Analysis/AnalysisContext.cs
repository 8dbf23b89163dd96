namespace Alpha.Learning.Analysis;

/// <summary>
/// What a detector session knows about the analysis it takes part in.
/// </summary>
public sealed class AnalysisContext
{
    private Internal.ErrorClassifier? _errorClassifier;

    /// <summary>Gets the analysis options.</summary>
    public required AnalysisOptions Options { get; init; }

    /// <summary>Gets the earliest instant analysed, or <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Gets the instant the analysis stops at (exclusive), or <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Gets the reference instant for recency (the end of the range, or the time the analysis started).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// Gets the error classifier the built-in detectors of this analysis share, so an error event is classified once
    /// however many detectors ask (its last answer is kept). Not thread-safe, like the sessions that use it.
    /// </summary>
    internal Internal.ErrorClassifier ErrorClassifier => _errorClassifier ??= new Internal.ErrorClassifier(Options);
}

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
