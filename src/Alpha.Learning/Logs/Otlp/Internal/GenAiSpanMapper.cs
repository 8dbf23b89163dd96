using System.Globalization;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// Maps a GenAI span to execution events (the README's table): agent spans (or a trace's root) to a task start and
/// end, model calls to <c>llm_interaction</c>, tool calls to <c>tool_execution</c>; the GenAI semantic conventions
/// (current and deprecated names), OpenInference and OpenLLMetry.
/// </summary>
internal static class GenAiSpanMapper
{
    private const string Unknown = "unknown";

    /// <summary>Returns what a span is; cheap for spans of other kinds.</summary>
    public static SpanRole Classify(GenAiSpan span) =>
        span.HasAttributes
            ? Classify(span.Text(GenAiKey.OperationName), span.Text(GenAiKey.OpenInferenceKind), span.Text(GenAiKey.TraceloopKind), span.Text(GenAiKey.LlmRequestType) is not null)
            : SpanRole.Other;

    /// <summary>
    /// Returns what a span is from the four attributes that say so (<c>gen_ai.operation.name</c>,
    /// <c>openinference.span.kind</c>, <c>traceloop.span.kind</c>, whether <c>llm.request.type</c> is present), the first
    /// that names a known role winning.
    /// </summary>
    public static SpanRole Classify(string? operation, string? openInferenceKind, string? traceloopKind, bool hasLlmRequestType)
    {
        if (operation is not null && OperationRole(operation) is var byOperation && byOperation != SpanRole.Other)
        {
            return byOperation;
        }

        if (openInferenceKind is not null && OpenInferenceRole(openInferenceKind) is var byOpenInference && byOpenInference != SpanRole.Other)
        {
            return byOpenInference;
        }

        if (traceloopKind is not null && TraceloopRole(traceloopKind) is var byTraceloop && byTraceloop != SpanRole.Other)
        {
            return byTraceloop;
        }

        // OpenLLMetry's model spans carry no span kind, only the request type.
        return hasLlmRequestType ? SpanRole.Llm : SpanRole.Other;
    }

    /// <summary>The role of an <c>openinference.span.kind</c> value.</summary>
    public static SpanRole OpenInferenceRole(string kind) =>
        kind.Equals("AGENT", StringComparison.OrdinalIgnoreCase) ? SpanRole.Agent
        : kind.Equals("LLM", StringComparison.OrdinalIgnoreCase) || kind.Equals("EMBEDDING", StringComparison.OrdinalIgnoreCase) ? SpanRole.Llm
        : kind.Equals("TOOL", StringComparison.OrdinalIgnoreCase) ? SpanRole.Tool
        : SpanRole.Other;

    /// <summary>The role of a <c>traceloop.span.kind</c> value (OpenLLMetry).</summary>
    public static SpanRole TraceloopRole(string kind) =>
        kind.Equals("agent", StringComparison.OrdinalIgnoreCase) || kind.Equals("workflow", StringComparison.OrdinalIgnoreCase) ? SpanRole.Agent
        : kind.Equals("tool", StringComparison.OrdinalIgnoreCase) ? SpanRole.Tool
        : SpanRole.Other;

    /// <summary>The role of a <c>gen_ai.operation.name</c> value.</summary>
    public static SpanRole OperationRole(string operation) => operation switch
    {
        "invoke_agent" or "invoke_workflow" => SpanRole.Agent,
        "chat" or "generate_content" or "text_completion" or "embeddings" => SpanRole.Llm,
        "execute_tool" => SpanRole.Tool,
        _ => SpanRole.Other,
    };

    /// <summary>The task id of an agent (or root) span: its trace id and span id in hex.</summary>
    public static string TaskId(ulong traceHi, ulong traceLo, ulong spanId) =>
        string.Create(49, (traceHi, traceLo, spanId), static (chars, ids) =>
        {
            ids.traceHi.TryFormat(chars, out _, "x16", CultureInfo.InvariantCulture);
            ids.traceLo.TryFormat(chars[16..], out _, "x16", CultureInfo.InvariantCulture);
            chars[32] = '-';
            ids.spanId.TryFormat(chars[33..], out _, "x16", CultureInfo.InvariantCulture);
        });

    /// <summary>The task name: the agent's name, else the workflow's or entity's, else the span name.</summary>
    public static string TaskName(GenAiSpan span) =>
        span.Text(GenAiKey.AgentName) ?? span.Text(GenAiKey.WorkflowName) ?? span.Text(GenAiKey.OpenInferenceAgentName)
        ?? span.Text(GenAiKey.TraceloopEntityName) ?? span.Text(GenAiKey.TraceloopWorkflowName)
        ?? (string.IsNullOrEmpty(span.Name) ? Unknown : span.Name);

    /// <summary>The task's start event, at the span's start.</summary>
    public static ExecutionEvent TaskStart(GenAiSpan span, string taskId, string taskName) => TaskStart(Facts(span, taskName), taskId);

    /// <summary>The task's end event, at the span's end: <c>task_error</c> when the span failed, else <c>task_complete</c>.</summary>
    public static ExecutionEvent TaskEnd(GenAiSpan span, string taskId, string taskName) => TaskEnd(Facts(span, taskName), taskId);

    /// <summary>What a task's events need from its span, kept without the (reused) span until the events are written.</summary>
    public static TaskFacts Facts(GenAiSpan span) => Facts(span, TaskName(span));

    /// <summary>The task's start event, at the span's start.</summary>
    public static ExecutionEvent TaskStart(in TaskFacts task, string taskId) => new()
    {
        Kind = ExecutionEventKind.TaskStart,
        EventName = "task_start",
        Timestamp = ToTime(task.StartUnixNanos),
        TaskId = taskId,
        TaskName = task.TaskName,
    };

    /// <summary>The task's end event, at the span's end: <c>task_error</c> when the span failed, else <c>task_complete</c>.</summary>
    public static ExecutionEvent TaskEnd(in TaskFacts task, string taskId) => new()
    {
        Kind = task.Failed ? ExecutionEventKind.TaskError : ExecutionEventKind.TaskComplete,
        EventName = task.Failed ? "task_error" : "task_complete",
        Timestamp = ToTime(task.EndUnixNanos),
        TaskId = taskId,
        TaskName = task.TaskName,
        Duration = Duration(task.StartUnixNanos, task.EndUnixNanos),
        Error = task.Error,
        ErrorType = task.ErrorType,
        Traceback = task.Traceback,
    };

    /// <summary>Returns why a model or tool span cannot be mapped (a field the event needs), or <see langword="null"/>.</summary>
    public static string? Unusable(GenAiSpan span, SpanRole role) => role switch
    {
        SpanRole.Llm when Model(span) is null => "The model span has no model attribute (gen_ai.response.model, gen_ai.request.model or llm.model_name).",
        SpanRole.Tool when ToolName(span) is null => "The tool span has no tool name (gen_ai.tool.name or tool.name).",
        _ => null,
    };

    /// <summary>An <c>llm_interaction</c> at the span's end.</summary>
    public static ExecutionEvent Llm(GenAiSpan span, string? taskId)
    {
        var input = Tokens(span, GenAiKey.InputTokens, GenAiKey.PromptTokens, GenAiKey.LlmTokenPrompt, GenAiKey.LlmUsagePromptTokens);
        var output = Tokens(span, GenAiKey.OutputTokens, GenAiKey.CompletionTokens, GenAiKey.LlmTokenCompletion, GenAiKey.LlmUsageCompletionTokens);
        var total = Tokens(span, GenAiKey.LlmTokenTotal, GenAiKey.LlmUsageTotalTokens, GenAiKey.None, GenAiKey.None)
            ?? (input is { } i && output is { } o ? i + o : null);
        var cost = span.Number(GenAiKey.UsageCost);
        if (!(double.IsFinite(cost) && cost >= 0))
        {
            cost = span.Number(GenAiKey.LlmCostTotal);
        }

        return new ExecutionEvent
        {
            Kind = ExecutionEventKind.LlmInteraction,
            EventName = "llm_interaction",
            Timestamp = ToTime(span.EndUnixNanos),
            TaskId = taskId,
            Provider = span.Text(GenAiKey.ProviderName) ?? span.Text(GenAiKey.System) ?? span.Text(GenAiKey.LlmProvider) ?? span.Text(GenAiKey.LlmSystem),
            Model = Model(span) ?? Unknown,
            PromptTokens = input,
            CompletionTokens = output,
            TotalTokens = total,
            CacheReadTokens = Tokens(span, GenAiKey.CacheReadTokens, GenAiKey.LlmTokenCacheRead, GenAiKey.LlmUsageCacheReadTokens, GenAiKey.None),
            Duration = Duration(span),
            EstimatedCost = double.IsFinite(cost) && cost >= 0 ? cost : null,
        };
    }

    /// <summary>A <c>tool_execution</c> at the span's end.</summary>
    public static ExecutionEvent Tool(GenAiSpan span, string? taskId)
    {
        var failed = Failed(span);
        return new ExecutionEvent
        {
            Kind = ExecutionEventKind.ToolExecution,
            EventName = "tool_execution",
            Timestamp = ToTime(span.EndUnixNanos),
            TaskId = taskId,
            ToolName = ToolName(span) ?? Unknown,
            Duration = Duration(span),
            Success = !failed,
            Error = failed ? ErrorMessage(span) : null,
            Parameters = CompactJson(span.Text(GenAiKey.ToolArguments) ?? span.Text(GenAiKey.InputValue) ?? span.Text(GenAiKey.TraceloopEntityInput)),
        };
    }

    /// <summary>
    /// Tool arguments as one line of compact JSON (the log's <c>parameters</c>): producers often record them indented;
    /// text that is not JSON becomes a JSON string.
    /// </summary>
    public static string? CompactJson(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 16);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(text);
                document.RootElement.WriteTo(writer);
            }
            catch (System.Text.Json.JsonException)
            {
                writer.Reset();
                buffer.Clear();
                writer.WriteStringValue(text);
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static DateTimeOffset ToTime(long unixNanos) => DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);

    private static bool Failed(GenAiSpan span) => span.Status == SpanStatus.Error
        || (span.Status == SpanStatus.Unset && span.Text(GenAiKey.OtelStatusCode) is { } code && code.Equals("ERROR", StringComparison.OrdinalIgnoreCase));

    /// <summary>The error text: the exception event's message, else the status message, else the error type; none when the span says nothing.</summary>
    private static string? ErrorMessage(GenAiSpan span) =>
        NonEmpty(span.ExceptionMessage) ?? NonEmpty(span.StatusMessage) ?? NonEmpty(span.Text(GenAiKey.OtelStatusDescription))
        ?? NonEmpty(span.Text(GenAiKey.ErrorType)) ?? NonEmpty(span.ExceptionType);

    private static string? ErrorType(GenAiSpan span) => NonEmpty(span.Text(GenAiKey.ErrorType)) ?? NonEmpty(span.ExceptionType);

    private static string? Model(GenAiSpan span) =>
        NonEmpty(span.Text(GenAiKey.ResponseModel)) ?? NonEmpty(span.Text(GenAiKey.RequestModel)) ?? NonEmpty(span.Text(GenAiKey.LlmModelName))
        ?? NonEmpty(span.Text(GenAiKey.LlmResponseModel)) ?? NonEmpty(span.Text(GenAiKey.LlmRequestModel));

    private static string? ToolName(GenAiSpan span)
    {
        var name = NonEmpty(span.Text(GenAiKey.ToolName)) ?? NonEmpty(span.Text(GenAiKey.OpenInferenceToolName)) ?? NonEmpty(span.Text(GenAiKey.TraceloopEntityName));
        if (name is not null)
        {
            return name;
        }

        // "execute_tool {name}" is the span name the conventions give.
        return span.Name is { } spanName && spanName.StartsWith("execute_tool ", StringComparison.Ordinal) && spanName.Length > 13 ? spanName[13..] : null;
    }

    private static long? Tokens(GenAiSpan span, GenAiKey first, GenAiKey second, GenAiKey third, GenAiKey fourth)
    {
        foreach (var key in (ReadOnlySpan<GenAiKey>)[first, second, third, fourth])
        {
            if (key != GenAiKey.None && span.Number(key) is var value && double.IsFinite(value) && value >= 0 && value <= long.MaxValue / 2)
            {
                return (long)value;
            }
        }

        return null;
    }

    private static double? Duration(GenAiSpan span) => Duration(span.StartUnixNanos, span.EndUnixNanos);

    private static double? Duration(long startUnixNanos, long endUnixNanos) =>
        endUnixNanos >= startUnixNanos && startUnixNanos >= 0 ? (endUnixNanos - startUnixNanos) / 1e9 : null;

    private static TaskFacts Facts(GenAiSpan span, string taskName)
    {
        var failed = Failed(span);
        return new TaskFacts
        {
            TaskName = taskName,
            StartUnixNanos = span.StartUnixNanos,
            EndUnixNanos = span.EndUnixNanos,
            Failed = failed,
            Error = failed ? ErrorMessage(span) : null,
            ErrorType = failed ? ErrorType(span) : null,
            Traceback = failed ? span.ExceptionStacktrace : null,
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
