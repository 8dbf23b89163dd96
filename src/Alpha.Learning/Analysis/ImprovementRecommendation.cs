using System.Text;

using Alpha.Learning.Internal;

namespace Alpha.Learning.Analysis;

/// <summary>
/// A proposed improvement for one pattern: typed changes, how sure we are, how risky it is, and the evidence.
/// </summary>
public sealed class ImprovementRecommendation
{
    /// <summary>Gets the deterministic id (from the pattern fingerprint, the action type and the changed paths).</summary>
    public required string Id { get; init; }

    /// <summary>Gets a short title for people.</summary>
    public required string Title { get; init; }

    /// <summary>Gets why the change is proposed, for people.</summary>
    public required string Rationale { get; init; }

    /// <summary>Gets how urgent the recommendation is.</summary>
    public required Priority Priority { get; init; }

    /// <summary>Gets the kind of change.</summary>
    public required ActionType ActionType { get; init; }

    /// <summary>Gets the confidence, from 0 to 1, computed from the evidence (sample size, effect size, interval width).</summary>
    public required double Confidence { get; init; }

    /// <summary>Gets how risky applying it is.</summary>
    public required RiskLevel Risk { get; init; }

    /// <summary>Gets the fingerprint of the pattern the recommendation rests on.</summary>
    public required string PatternFingerprint { get; init; }

    /// <summary>Gets the type of the pattern the recommendation rests on.</summary>
    public required PatternType PatternType { get; init; }

    /// <summary>Gets the subject (<c>task</c>, <c>tool</c>, <c>model</c>, <c>error</c>) of the pattern.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the key (plain name) of the pattern.</summary>
    public required string Key { get; init; }

    /// <summary>
    /// Gets the changes to make. Empty for a recommendation meant for a person, which is never applied
    /// (see <see cref="IsAdvisory"/>).
    /// </summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];

    /// <summary>Gets whether this recommendation is for a person only: it has no configuration change and can never be applied.</summary>
    public bool IsAdvisory => Changes.Count == 0;

    /// <summary>Gets the metric the change is meant to move, used to verify it afterwards.</summary>
    public TargetMetric TargetMetric { get; init; }

    /// <summary>Gets the figures the recommendation rests on (occurrences, sample sizes, percentiles, …).</summary>
    public IReadOnlyDictionary<string, object> Evidence { get; init; } = new Dictionary<string, object>();

    /// <summary>Gets what the change touches; the loop judges it on the outcomes of the tasks in this scope.</summary>
    public RecommendationScope Scope { get; init; } = RecommendationScope.Empty;

    /// <summary>
    /// Gets the task runs per week the change is expected to turn from failure into success (before discounting by
    /// <see cref="Confidence"/>), estimated from the evidence; 0 when the rule does not expect any.
    /// </summary>
    public double TasksSavedPerWeek { get; init; }

    /// <summary>Gets the US dollars per week the change is expected to save (before discounting by <see cref="Confidence"/>); 0 when none.</summary>
    public double UsdSavedPerWeek { get; init; }

    /// <summary>
    /// Gets the assumptions the rule made where the configuration holds no value (for example the default timeout it
    /// assumed), keyed by configuration path; empty when it read every value it needed.
    /// </summary>
    public IReadOnlyDictionary<string, object> AssumedDefaults { get; init; } = new Dictionary<string, object>();

    /// <summary>Gets a note for people, for example why no change could be proposed; <see langword="null"/> when none.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Computes a deterministic recommendation id from the pattern fingerprint, the action type and the changed paths
    /// (order-insensitive).
    /// </summary>
    /// <param name="patternFingerprint">The fingerprint of the pattern.</param>
    /// <param name="actionType">The kind of change.</param>
    /// <param name="paths">The configuration paths changed (empty for a recommendation meant for a person).</param>
    /// <returns>A 16-character lowercase hexadecimal string, the same on every machine and run.</returns>
    public static string ComputeId(string patternFingerprint, ActionType actionType, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(patternFingerprint);
        ArgumentNullException.ThrowIfNull(paths);
        var sorted = new List<string>(paths);
        sorted.Sort(StringComparer.Ordinal);
        var text = string.Concat(patternFingerprint, "\n", EnumNames.ToName(actionType), "\n", string.Join('\n', sorted));
        Span<byte> hash = stackalloc byte[32];
        Sha256Digest.Hash(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
