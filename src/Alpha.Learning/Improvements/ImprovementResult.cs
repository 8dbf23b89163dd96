using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements;

/// <summary>The result of applying, queueing or approving a recommendation.</summary>
public sealed class ImprovementResult
{
    /// <summary>Gets what happened.</summary>
    public required ImprovementOutcome Outcome { get; init; }

    /// <summary>Gets the stored improvement, or <see langword="null"/> when nothing was stored.</summary>
    public ImprovementRecord? Improvement { get; init; }

    /// <summary>Gets the exact diff planned or applied, with the old values as found in the configuration. The default value is empty.</summary>
    public IReadOnlyList<ConfigChange> Changes { get; init; } = [];

    /// <summary>Gets one sentence for people saying what happened and why.</summary>
    public required string Reason { get; init; }

    /// <summary>Gets the guardrail verdict that decided (the first change not allowed), or <see langword="null"/> when every change was allowed or the guardrails were not consulted.</summary>
    public GuardrailVerdict? Guardrail { get; init; }
}
