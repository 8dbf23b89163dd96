namespace ChatAgent;

/// <summary>What a pipeline was built with.</summary>
public sealed record PipelineSettings(TimeSpan Timeout, int MaxRetryAttempts);
