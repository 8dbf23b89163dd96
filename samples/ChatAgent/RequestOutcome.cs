namespace ChatAgent;

/// <summary>One served request.</summary>
public sealed record RequestOutcome(string TaskType, string Model, bool Success, TimeSpan Duration, double Cost);
