namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>A prepared apply: an early result (nothing to write), or the plan and the guardrail verdict that decides it.</summary>
internal sealed record PreparedApply(ImprovementResult? Result, ConfigEditPlan? Plan, GuardrailVerdict? Verdict);
