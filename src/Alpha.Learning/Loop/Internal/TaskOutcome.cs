namespace Alpha.Learning.Loop.Internal;

/// <summary>One finished task run: the unit a change is judged on.</summary>
internal readonly record struct TaskOutcome(string TaskType, DateTimeOffset Start, bool Success, double Duration, double Cost, string? MainModel, string? ErrorType, IReadOnlyList<string> Tools);
