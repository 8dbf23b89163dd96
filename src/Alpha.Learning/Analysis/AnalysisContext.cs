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
