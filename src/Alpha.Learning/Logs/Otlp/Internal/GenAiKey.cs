namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>The span attributes the GenAI mapping reads, in every dialect it knows; any other attribute is ignored.</summary>
internal enum GenAiKey : byte
{
    None = 0,
    OperationName,
    AgentName,
    WorkflowName,
    RequestModel,
    ResponseModel,
    ProviderName,
    System,
    InputTokens,
    OutputTokens,
    PromptTokens,
    CompletionTokens,
    CacheReadTokens,
    UsageCost,
    ToolName,
    ToolArguments,
    ErrorType,
    OtelStatusCode,
    OtelStatusDescription,

    // OpenInference
    OpenInferenceKind,
    LlmModelName,
    LlmProvider,
    LlmSystem,
    LlmTokenPrompt,
    LlmTokenCompletion,
    LlmTokenTotal,
    LlmTokenCacheRead,
    LlmCostTotal,
    OpenInferenceToolName,
    InputValue,
    OpenInferenceAgentName,

    // OpenLLMetry (Traceloop)
    TraceloopKind,
    TraceloopEntityName,
    TraceloopEntityInput,
    TraceloopWorkflowName,
    LlmRequestType,
    LlmUsagePromptTokens,
    LlmUsageCompletionTokens,
    LlmUsageTotalTokens,
    LlmUsageCacheReadTokens,
    LlmRequestModel,
    LlmResponseModel,
}
