using System.Collections.Concurrent;

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChatAgent;

/// <summary>
/// Runs every model call through a Polly resilience pipeline (retry of transient HTTP failures, then a per-attempt
/// timeout) built from <see cref="AgentOptions"/> as <see cref="IOptionsMonitor{TOptions}"/> has them now: when
/// appsettings.json changes, the options reload and the next call gets a pipeline built from the new values.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly IOptionsMonitor<AgentOptions> _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (ResiliencePipeline Pipeline, PipelineSettings Settings)> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly IDisposable? _subscription;

    private readonly Func<TimeSpan, CancellationToken, ValueTask> _backoff;

    /// <param name="inner">The provider's client.</param>
    /// <param name="options">The agent's options, reloaded when appsettings.json changes.</param>
    /// <param name="time">The clock of the timeout strategy.</param>
    /// <param name="backoff">Waits out a retry's delay (a real host: <c>Task.Delay</c> on the clock; the simulation lets simulated time pass).</param>
    public ResilientChatClient(IChatClient inner, IOptionsMonitor<AgentOptions> options, TimeProvider time, Func<TimeSpan, CancellationToken, ValueTask> backoff)
        : base(inner)
    {
        _options = options;
        _time = time;
        _backoff = backoff;
        _subscription = options.OnChange(_ => _pipelines.Clear());
    }

    /// <summary>Gets the settings of the pipeline the next call of a task type runs through.</summary>
    public PipelineSettings Settings(string taskType) => Pipeline(taskType).Settings;

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var task = options?.AdditionalProperties?.TryGetValue(SimulatedChatClient.TaskTypeKey, out var t) == true ? t as string ?? "chat" : "chat";
        var pipeline = Pipeline(task).Pipeline;
        return pipeline.ExecuteAsync(async token => await base.GetResponseAsync(messages, options, token).ConfigureAwait(false), cancellationToken).AsTask();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _subscription?.Dispose();
        }

        base.Dispose(disposing);
    }

    private (ResiliencePipeline Pipeline, PipelineSettings Settings) Pipeline(string taskType) => _pipelines.GetOrAdd(taskType, task =>
    {
        var options = _options.CurrentValue;
        var timeout = options.Tasks.TryGetValue(task, out var settings) ? settings.TimeoutSeconds : 30;
        var retry = options.Retry.TryGetValue(nameof(HttpRequestException), out var r) ? r : new RetrySettings();
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(),
                MaxRetryAttempts = retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                OnRetry = args => _backoff(TimeSpan.FromSeconds(retry.DelaySeconds), args.Context.CancellationToken),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(timeout) });
        return (builder.Build(), new PipelineSettings(TimeSpan.FromSeconds(timeout), retry.MaxRetryAttempts));
    });
}
