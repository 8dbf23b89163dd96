using System.Collections.Frozen;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>Looks attribute keys up, from UTF-8 (the OTLP reader) or from a string (the in-process exporter).</summary>
internal static class GenAiKeys
{
    private static readonly (string Name, GenAiKey Key)[] All =
    [
        ("gen_ai.operation.name", GenAiKey.OperationName),
        ("gen_ai.agent.name", GenAiKey.AgentName),
        ("gen_ai.workflow.name", GenAiKey.WorkflowName),
        ("gen_ai.request.model", GenAiKey.RequestModel),
        ("gen_ai.response.model", GenAiKey.ResponseModel),
        ("gen_ai.provider.name", GenAiKey.ProviderName),
        ("gen_ai.system", GenAiKey.System),
        ("gen_ai.usage.input_tokens", GenAiKey.InputTokens),
        ("gen_ai.usage.output_tokens", GenAiKey.OutputTokens),
        ("gen_ai.usage.prompt_tokens", GenAiKey.PromptTokens),
        ("gen_ai.usage.completion_tokens", GenAiKey.CompletionTokens),
        ("gen_ai.usage.cache_read.input_tokens", GenAiKey.CacheReadTokens),
        ("gen_ai.usage.cache_read_input_tokens", GenAiKey.CacheReadTokens),
        ("gen_ai.usage.cost", GenAiKey.UsageCost),
        ("gen_ai.tool.name", GenAiKey.ToolName),
        ("gen_ai.tool.call.arguments", GenAiKey.ToolArguments),
        ("error.type", GenAiKey.ErrorType),
        ("otel.status_code", GenAiKey.OtelStatusCode),
        ("otel.status_description", GenAiKey.OtelStatusDescription),
        ("openinference.span.kind", GenAiKey.OpenInferenceKind),
        ("llm.model_name", GenAiKey.LlmModelName),
        ("llm.provider", GenAiKey.LlmProvider),
        ("llm.system", GenAiKey.LlmSystem),
        ("llm.token_count.prompt", GenAiKey.LlmTokenPrompt),
        ("llm.token_count.completion", GenAiKey.LlmTokenCompletion),
        ("llm.token_count.total", GenAiKey.LlmTokenTotal),
        ("llm.token_count.prompt_details.cache_read", GenAiKey.LlmTokenCacheRead),
        ("llm.cost.total", GenAiKey.LlmCostTotal),
        ("tool.name", GenAiKey.OpenInferenceToolName),
        ("input.value", GenAiKey.InputValue),
        ("agent.name", GenAiKey.OpenInferenceAgentName),
        ("traceloop.span.kind", GenAiKey.TraceloopKind),
        ("traceloop.entity.name", GenAiKey.TraceloopEntityName),
        ("traceloop.entity.input", GenAiKey.TraceloopEntityInput),
        ("traceloop.workflow.name", GenAiKey.TraceloopWorkflowName),
        ("llm.request.type", GenAiKey.LlmRequestType),
        ("llm.usage.prompt_tokens", GenAiKey.LlmUsagePromptTokens),
        ("llm.usage.completion_tokens", GenAiKey.LlmUsageCompletionTokens),
        ("llm.usage.total_tokens", GenAiKey.LlmUsageTotalTokens),
        ("llm.usage.cache_read_input_tokens", GenAiKey.LlmUsageCacheReadTokens),
        ("llm.request.model", GenAiKey.LlmRequestModel),
        ("llm.response.model", GenAiKey.LlmResponseModel),
    ];

    private static readonly FrozenDictionary<string, GenAiKey> ByName =
        All.ToFrozenDictionary(static e => e.Name, static e => e.Key, StringComparer.Ordinal);

    // Keys bucketed by length, then compared byte by byte: most attribute keys miss on the length or the first byte.
    private static readonly (byte[] Name, GenAiKey Key)[][] ByLength = BuildByLength();

    public static GenAiKey Lookup(string name) => ByName.TryGetValue(name, out var key) ? key : GenAiKey.None;

    public static GenAiKey Lookup(ReadOnlySpan<byte> utf8)
    {
        if ((uint)utf8.Length >= (uint)ByLength.Length)
        {
            return GenAiKey.None;
        }

        foreach (var (name, key) in ByLength[utf8.Length])
        {
            if (name[0] == utf8[0] && utf8.SequenceEqual(name))
            {
                return key;
            }
        }

        return GenAiKey.None;
    }

    private static (byte[] Name, GenAiKey Key)[][] BuildByLength()
    {
        var longest = All.Max(static e => e.Name.Length);
        var buckets = new List<(byte[], GenAiKey)>[longest + 1];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        foreach (var (name, key) in All)
        {
            buckets[name.Length].Add((System.Text.Encoding.UTF8.GetBytes(name), key));
        }

        return Array.ConvertAll(buckets, static b => b.ToArray());
    }
}
