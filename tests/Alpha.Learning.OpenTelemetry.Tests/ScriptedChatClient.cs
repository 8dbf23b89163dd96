using System.Text.Json;

using Microsoft.Extensions.AI;

namespace Alpha.Learning.OpenTelemetry.Tests;

/// <summary>
/// A deterministic in-process model: on a user turn it asks for the tools its script names (one call each), and once
/// the tool results are in it answers with text. Usage and model are reported as a real provider's client does.
/// </summary>
internal sealed class ScriptedChatClient(string model, params (string Tool, IDictionary<string, object?> Arguments)[] calls) : IChatClient
{
    private int _callIds;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var last = history[^1];
        ChatMessage reply;
        if (last.Role == ChatRole.User && calls.Length > 0)
        {
            reply = new ChatMessage(ChatRole.Assistant, [.. calls.Select(c => (AIContent)new FunctionCallContent($"call-{Interlocked.Increment(ref _callIds)}", c.Tool, c.Arguments))]);
        }
        else
        {
            var results = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => JsonSerializer.Serialize(r.Result?.ToString()));
            reply = new ChatMessage(ChatRole.Assistant, "Done: " + string.Join(", ", results));
        }

        return Task.FromResult(new ChatResponse(reply)
        {
            ModelId = model,
            ResponseId = $"resp-{history.Count}",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 100 * history.Count, OutputTokenCount = 20, TotalTokenCount = (100 * history.Count) + 20 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The scripted client does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", new Uri("http://localhost/"), model) : null;

    public void Dispose()
    {
    }
}
