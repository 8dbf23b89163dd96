using System.Buffers;
using System.Globalization;
using System.Text.Json;

using Alpha.Learning.Logs;

namespace Alpha.Learning.LogGenerator;

/// <summary>
/// Rewrites JSON-lines execution logs as the OpenTelemetry traces the same agent activity would have produced: each
/// task a trace with an <c>invoke_agent</c> span, its model and tool calls <c>chat</c> and <c>execute_tool</c> child
/// spans with GenAI semantic-convention attributes, in OTLP JSON, one <c>TracesData</c> document a line as the
/// Collector's file exporter writes (spans in the order they end, batched, so a task's spans span several lines).
/// Used by the equivalence test and by <c>alpha-learn demo --otlp</c>.
/// </summary>
public static class OtlpTraceConverter
{
    private const int SpansPerDocument = 64;

    /// <summary>Converts the logs at <paramref name="paths"/> into the OTLP JSON file <paramref name="outputFile"/>.</summary>
    /// <param name="paths">JSON-lines files or folders.</param>
    /// <param name="outputFile">The file to write (replaced).</param>
    /// <param name="seed">Makes the trace and span ids; the same seed gives the same file. The default value is 1.</param>
    /// <param name="cancellationToken">Stops the conversion.</param>
    /// <returns>What was written.</returns>
    public static async Task<ConvertedTraces> ConvertAsync(IReadOnlyList<string> paths, string outputFile, int seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFile);
        var open = new Dictionary<string, OpenTask>(StringComparer.Ordinal);
        var ids = new Random(seed);
        var batch = new List<SpanRecord>(SpansPerDocument);
        long tasks = 0, spans = 0, documents = 0, skipped = 0;
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputFile));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var output = new FileStream(outputFile, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: false);
        using var json = new Utf8JsonWriter(buffer);

        void Add(SpanRecord span)
        {
            batch.Add(span);
            spans++;
            if (batch.Count == SpansPerDocument)
            {
                WriteDocument(json, buffer, output, batch);
                documents++;
            }
        }

        await foreach (var e in new JsonLinesLogSource().ReadAsync(new LogQuery { Paths = paths }, null, cancellationToken).ConfigureAwait(false))
        {
            switch (e.Kind)
            {
                case ExecutionEventKind.TaskStart when e.TaskId is { } id:
                    open[id] = new OpenTask(NextId(ids), NextId(ids), NextId(ids), e.Timestamp);
                    break;
                case ExecutionEventKind.ToolExecution or ExecutionEventKind.LlmInteraction when e.TaskId is { } id && open.TryGetValue(id, out var task):
                    Add(new SpanRecord(task, NextId(ids), task.SpanId, Start(e), e));
                    break;
                case ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when e.TaskId is { } id && open.Remove(id, out var ended):
                    Add(new SpanRecord(ended, ended.SpanId, 0, e.Duration is not null ? Start(e) : ended.Started, e));
                    tasks++;
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        if (batch.Count > 0)
        {
            WriteDocument(json, buffer, output, batch);
            documents++;
        }

        return new ConvertedTraces { Tasks = tasks, Spans = spans, Documents = documents, Skipped = skipped + open.Count };
    }

    private static ulong NextId(Random random)
    {
        ulong id;
        do
        {
            id = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        }
        while (id == 0);
        return id;
    }

    private static DateTimeOffset Start(ExecutionEvent e) => e.Timestamp - TimeSpan.FromTicks((long)Math.Round((e.Duration ?? 0) * TimeSpan.TicksPerSecond));

    private static long Nanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static void WriteDocument(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, FileStream output, List<SpanRecord> batch)
    {
        buffer.Clear();
        json.Reset();
        json.WriteStartObject();
        json.WriteStartArray("resourceSpans"u8);
        json.WriteStartObject();
        json.WriteStartObject("resource"u8);
        json.WriteStartArray("attributes"u8);
        Attribute(json, "service.name", "generated-agent");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("scopeSpans"u8);
        json.WriteStartObject();
        json.WriteStartObject("scope"u8);
        json.WriteString("name"u8, "Alpha.Learning.LogGenerator");
        json.WriteEndObject();
        json.WriteStartArray("spans"u8);
        foreach (var span in batch)
        {
            WriteSpan(json, span);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        buffer.Write("\n"u8);
        output.Write(buffer.WrittenSpan);
        batch.Clear();
    }

    private static void WriteSpan(Utf8JsonWriter json, SpanRecord span)
    {
        var e = span.Event;
        json.WriteStartObject();
        json.WriteString("traceId"u8, string.Create(CultureInfo.InvariantCulture, $"{span.Task.TraceHi:x16}{span.Task.TraceLo:x16}"));
        json.WriteString("spanId"u8, span.SpanId.ToString("x16", CultureInfo.InvariantCulture));
        json.WriteString("parentSpanId"u8, span.ParentId == 0 ? string.Empty : span.ParentId.ToString("x16", CultureInfo.InvariantCulture));
        var (operation, name) = e.Kind switch
        {
            ExecutionEventKind.ToolExecution => ("execute_tool", "execute_tool " + e.ToolName),
            ExecutionEventKind.LlmInteraction => ("chat", "chat " + e.Model),
            _ => ("invoke_agent", "invoke_agent " + e.TaskName),
        };
        json.WriteString("name"u8, name);
        json.WriteNumber("kind"u8, e.Kind == ExecutionEventKind.LlmInteraction ? 3 : 1);
        json.WriteString("startTimeUnixNano"u8, Nanos(span.Start).ToString(CultureInfo.InvariantCulture));
        json.WriteString("endTimeUnixNano"u8, Nanos(e.Timestamp).ToString(CultureInfo.InvariantCulture));
        json.WriteStartArray("attributes"u8);
        Attribute(json, "gen_ai.operation.name", operation);
        var failed = false;
        switch (e.Kind)
        {
            case ExecutionEventKind.ToolExecution:
                Attribute(json, "gen_ai.tool.name", e.ToolName!);
                if (e.Parameters is { } parameters)
                {
                    Attribute(json, "gen_ai.tool.call.arguments", parameters);
                }

                failed = e.Success == false;
                break;
            case ExecutionEventKind.LlmInteraction:
                if (e.Provider is { } provider)
                {
                    Attribute(json, "gen_ai.provider.name", provider);
                }

                Attribute(json, "gen_ai.request.model", e.Model!);
                Attribute(json, "gen_ai.response.model", e.Model!);
                IntAttribute(json, "gen_ai.usage.input_tokens", e.PromptTokens);
                IntAttribute(json, "gen_ai.usage.output_tokens", e.CompletionTokens);
                if (e.TotalTokens is { } total && total != (e.PromptTokens ?? 0) + (e.CompletionTokens ?? 0))
                {
                    IntAttribute(json, "llm.usage.total_tokens", total);
                }

                if (e.EstimatedCost is { } cost)
                {
                    json.WriteStartObject();
                    json.WriteString("key"u8, "gen_ai.usage.cost");
                    json.WriteStartObject("value"u8);
                    json.WriteNumber("doubleValue"u8, cost);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                break;
            default:
                Attribute(json, "gen_ai.agent.name", e.TaskName!);
                failed = e.Kind == ExecutionEventKind.TaskError;
                if (failed && e.ErrorType is { } errorType)
                {
                    Attribute(json, "error.type", errorType);
                }

                break;
        }

        json.WriteEndArray();
        if (failed && (e.Error is not null || e.Traceback is not null))
        {
            json.WriteStartArray("events"u8);
            json.WriteStartObject();
            json.WriteString("timeUnixNano"u8, Nanos(e.Timestamp).ToString(CultureInfo.InvariantCulture));
            json.WriteString("name"u8, "exception");
            json.WriteStartArray("attributes"u8);
            if (e.ErrorType is { } type)
            {
                Attribute(json, "exception.type", type);
            }

            if (e.Error is { } message)
            {
                Attribute(json, "exception.message", message);
            }

            if (e.Traceback is { } traceback)
            {
                Attribute(json, "exception.stacktrace", traceback);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("status"u8);
        if (failed)
        {
            json.WriteNumber("code"u8, 2);
            if (e.Error is { } error)
            {
                json.WriteString("message"u8, error);
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Attribute(Utf8JsonWriter json, string key, string value)
    {
        json.WriteStartObject();
        json.WriteString("key"u8, key);
        json.WriteStartObject("value"u8);
        json.WriteString("stringValue"u8, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void IntAttribute(Utf8JsonWriter json, string key, long? value)
    {
        if (value is not { } v)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("key"u8, key);
        json.WriteStartObject("value"u8);
        json.WriteString("intValue"u8, v.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private sealed record OpenTask(ulong TraceHi, ulong TraceLo, ulong SpanId, DateTimeOffset Started);

    private sealed record SpanRecord(OpenTask Task, ulong SpanId, ulong ParentId, DateTimeOffset Start, ExecutionEvent Event);
}
