using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChatAgent;

/// <summary>What a pipeline was built with.</summary>
public sealed record PipelineSettings(TimeSpan Timeout, int MaxRetryAttempts);
