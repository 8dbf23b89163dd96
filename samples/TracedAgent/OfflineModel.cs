using Microsoft.Extensions.AI;

namespace TracedAgent;

/// <summary>
/// A stand-in for a real model client, so the sample runs offline: it asks for the <c>search_flights</c> tool on a user
/// turn and answers once the tool result is in. Replace it with any IChatClient (OpenAI, Azure OpenAI, Ollama, …).
/// </summary>
internal sealed class OfflineModel : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var reply = history[^1].Role == ChatRole.User
            ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call-{history.Count}", "search_flights", new Dictionary<string, object?> { ["to"] = history[^1].Text })])
            : new ChatMessage(ChatRole.Assistant, "Here is what I found.");
        return Task.FromResult(new ChatResponse(reply)
        {
            ModelId = "gpt-4o",
            Usage = new UsageDetails { InputTokenCount = 400 * history.Count, OutputTokenCount = 60 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The offline model does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", null, "gpt-4o") : null;

    public void Dispose()
    {
    }
}
