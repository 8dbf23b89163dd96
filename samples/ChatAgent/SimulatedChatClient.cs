using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace ChatAgent;

/// <summary>
/// A deterministic in-process model provider (no network): each model has a latency, a price, a rate of transient
/// failures (HTTP 503) and a quality per task type. Time passes on the simulated clock while it "thinks", in steps,
/// so the caller's timeout fires exactly when it would. The research task asks for the <c>search</c> tool first.
/// </summary>
public sealed class SimulatedChatClient(FakeTimeProvider clock, int seed = 7) : IChatClient
{
    public const string TaskTypeKey = "task_type";

    private static readonly Dictionary<string, ModelProfile> Models = new(StringComparer.Ordinal)
    {
        ["large-model"] = new(LatencySeconds: 1.5, TransientFailureRate: 0.2, Quality: new() { ["research"] = 0.97, ["summarize"] = 0.97 }),
        ["small-model"] = new(LatencySeconds: 0.6, TransientFailureRate: 0.02, Quality: new() { ["research"] = 0.55, ["summarize"] = 0.95 }),
        ["tiny-model"] = new(LatencySeconds: 0.3, TransientFailureRate: 0.02, Quality: new() { ["research"] = 0.2, ["summarize"] = 0.25 }),
    };

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, string> _lastModel = new(StringComparer.Ordinal);

    /// <summary>Gets the model that last served a task type.</summary>
    public string? LastModel(string taskType)
    {
        lock (_lastModel)
        {
            return _lastModel.GetValueOrDefault(taskType);
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? "large-model";
        var task = options?.AdditionalProperties?.TryGetValue(TaskTypeKey, out var t) == true ? t as string ?? "chat" : "chat";
        var profile = Models.TryGetValue(model, out var p) ? p : throw new InvalidOperationException($"The provider has no model '{model}'.");
        lock (_lastModel)
        {
            _lastModel[task] = model;
        }

        var history = messages.ToList();
        var toolResult = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        double roll;
        double jitter;
        lock (_random)
        {
            roll = _random.NextDouble();
            jitter = _random.NextDouble();
        }

        if (roll < profile.TransientFailureRate)
        {
            await SpendAsync(TimeSpan.FromSeconds(0.3), cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"503 Service Unavailable from {model}; try again.");
        }

        // research takes longer than summarize; half of it before the tool call, half after.
        var seconds = profile.LatencySeconds * (task == "research" ? 1.0 : 0.6) * (0.8 + (0.8 * jitter));
        await SpendAsync(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        var usage = new UsageDetails { InputTokenCount = 600 + (history.Count * 150), OutputTokenCount = 250 };
        if (task == "research" && toolResult is null && options?.Tools is { Count: > 0 })
        {
            var call = new FunctionCallContent("call-" + clock.GetUtcNow().Ticks, "search", new Dictionary<string, object?> { ["query"] = "latest results" });
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { ModelId = model, Usage = usage };
        }

        var good = roll < profile.TransientFailureRate + ((1 - profile.TransientFailureRate) * profile.Quality.GetValueOrDefault(task, 0.5));
        var text = good ? $"ANSWER({task}) from {model}" : $"I am not sure ({model}).";
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = model, Usage = usage };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>Lets simulated time pass in 100 ms steps, stopping as soon as the caller gives up.</summary>
    private Task SpendAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var spent = TimeSpan.Zero; spent < duration; spent += step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Advance(duration - spent < step ? duration - spent : step);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    private sealed record ModelProfile(double LatencySeconds, double TransientFailureRate, Dictionary<string, double> Quality);
}
