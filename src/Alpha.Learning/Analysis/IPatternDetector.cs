namespace Alpha.Learning.Analysis;

/// <summary>
/// A pattern detector: a plugin of <see cref="LogAnalyzer"/>. The detector itself is stateless and may serve
/// concurrent analyses; each analysis gets its own <see cref="IPatternDetectorSession"/>, which sees every event
/// once and keeps bounded state.
/// </summary>
/// <remarks>
/// Events come from logs and are untrusted: a detector may use their names as pattern keys and their numbers as
/// evidence, but configuration paths and values of its recommendations must come from its own rules and the options,
/// never from log text.
/// </remarks>
public interface IPatternDetector
{
    /// <summary>Gets the detector's name, for logs and diagnostics (for example <c>recurring_error</c>).</summary>
    string Name { get; }

    /// <summary>Starts the detector's part of one analysis.</summary>
    /// <param name="context">The analysis the session belongs to.</param>
    /// <returns>A new session; it is used by one thread at a time.</returns>
    IPatternDetectorSession CreateSession(AnalysisContext context);

    /// <summary>
    /// Proposes recommendations for a pattern. Called for every pattern of an analysis (including other detectors'
    /// patterns and patterns loaded from a store); return nothing for patterns the detector does not handle.
    /// </summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="context">Options and the analysis' other patterns.</param>
    /// <returns>The recommendations; ids should come from <see cref="ImprovementRecommendation.ComputeId"/>.</returns>
    IEnumerable<ImprovementRecommendation> Recommend(LogPattern pattern, RecommendationContext context);
}
