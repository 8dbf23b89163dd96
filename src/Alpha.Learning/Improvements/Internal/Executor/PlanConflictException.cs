namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>The configuration no longer has the version a plan was made from (thrown only inside the executor).</summary>
internal sealed class PlanConflictException : Exception;
