using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs.Otlp;

/// <summary>
/// The OTLP JSON side of <see cref="JsonLinesLogSource"/>, over fixtures written by OpenTelemetry JS's own OTLP JSON
/// encoder (see Fixtures/generator) and over hand-made documents for the edge cases.
/// </summary>
public sealed class OtlpLogSourceTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Logs", "Otlp", "Fixtures", name);

    [Fact]
    public async Task ReadAsync_GenAiConventions_MapsAgentRunsToTasksWithTheirCalls()
    {
        var (events, stats) = await ReadAsync(Fixture("genai-traces.jsonl"));

        var runs = events.Where(e => e.TaskName == "research_agent" && e.Kind == ExecutionEventKind.TaskStart).ToList();
        runs.Should().HaveCount(3);
        var failed = events.Should().ContainSingle(e => e.Kind == ExecutionEventKind.TaskError && e.TaskName == "research_agent").Subject;
        failed.Error.Should().Be("Timeout after 30s calling search API");
        failed.ErrorType.Should().Be("TimeoutError");
        failed.Duration.Should().BeApproximately(9.0, 1e-6);
        events.Count(e => e.Kind == ExecutionEventKind.TaskComplete && e.TaskName == "research_agent").Should().Be(2);

        foreach (var run in runs)
        {
            var calls = events.Where(e => e.TaskId == run.TaskId && e.Kind is ExecutionEventKind.LlmInteraction or ExecutionEventKind.ToolExecution).ToList();
            calls.Should().HaveCount(3, "each run's two chats and one tool call are linked to it through the parent chain");
        }

        var chats = events.Where(e => e.Kind == ExecutionEventKind.LlmInteraction && e.Provider is "openai").ToList();
        chats.Should().Contain(e => e.Model == "gpt-4o-2024-08-06" && e.PromptTokens == 1200 && e.CompletionTokens == 80 && e.CacheReadTokens == 1024 && e.TotalTokens == 1280);
        chats.Should().Contain(e => e.Model == "gpt-4o" && e.PromptTokens == 2400 && e.CompletionTokens == 300, "the deprecated gen_ai.system and prompt/completion token names are read");
        var tools = events.Where(e => e.ToolName == "web_search").ToList();
        tools.Should().HaveCount(3);
        tools.Should().OnlyContain(e => e.Parameters == "{\"query\":\"otel genai\"}" && e.Duration > 2.99 && e.Duration < 3.01);
        tools.Count(e => e.Success == false && e.Error == "Timeout after 30s calling search API").Should().Be(1);

        stats.OtlpFiles.Should().Be(1);
        stats.Files.Should().Be(1);
        stats.Malformed.Should().Be(0);
        stats.Lines.Should().Be(6);
        stats.Spans.Should().Be((3 * 4) + 3 + 4 + 3);
        stats.Events.Should().Be(events.Count);
    }

    [Fact]
    public async Task ReadAsync_OpenInferencePrettyDocument_MapsAgentLlmAndToolWithCost()
    {
        var (events, stats) = await ReadAsync(Fixture("openinference-trace.json"));

        events.Select(e => e.Kind).Should().Equal(
            ExecutionEventKind.TaskStart, ExecutionEventKind.LlmInteraction, ExecutionEventKind.ToolExecution, ExecutionEventKind.TaskComplete);
        events.Should().OnlyContain(e => e.TaskId == events[0].TaskId);
        events[0].TaskName.Should().Be("support_agent");
        var llm = events[1];
        llm.Model.Should().Be("claude-3-5-sonnet");
        llm.Provider.Should().Be("anthropic");
        llm.PromptTokens.Should().Be(900);
        llm.CompletionTokens.Should().Be(150);
        llm.TotalTokens.Should().Be(1050);
        llm.EstimatedCost.Should().BeApproximately(0.0049, 1e-12);
        var tool = events[2];
        tool.ToolName.Should().Be("lookup_order");
        tool.Success.Should().BeFalse();
        tool.Error.Should().Be("order A-17 not found");
        tool.Parameters.Should().Be("{\"order_id\":\"A-17\"}");
        stats.Lines.Should().Be(1);
    }

    [Fact]
    public async Task ReadAsync_OpenLlmetryWorkflow_MapsWorkflowLlmAndToolAndIgnoresOtherSpans()
    {
        var (events, _) = await ReadAsync(Fixture("genai-traces.jsonl"));

        var workflow = events.Should().ContainSingle(e => e.Kind == ExecutionEventKind.TaskStart && e.TaskName == "summarize").Subject;
        var calls = events.Where(e => e.TaskId == workflow.TaskId && e.Kind is ExecutionEventKind.LlmInteraction or ExecutionEventKind.ToolExecution).ToList();
        calls.Should().HaveCount(2, "the HTTP span under the tool is ignored");
        calls.Should().ContainSingle(e => e.Model == "gpt-4o-mini-2024-07-18" && e.Provider == "OpenAI" && e.PromptTokens == 500 && e.CompletionTokens == 60 && e.TotalTokens == 560);
        calls.Should().ContainSingle(e => e.ToolName == "fetch_page" && e.Success == true && e.Parameters == "{\"url\":\"https://example.org\"}");
    }

    [Fact]
    public async Task ReadAsync_TraceWithoutAgentSpan_RootSpanIsTheTask()
    {
        var (events, _) = await ReadAsync(Fixture("genai-traces.jsonl"));

        var root = events.Should().ContainSingle(e => e.Kind == ExecutionEventKind.TaskStart && e.TaskName == "handle_request").Subject;
        var calls = events.Where(e => e.TaskId == root.TaskId).ToList();
        calls.Should().Contain(e => e.Model == "gpt-4o-mini" && e.EstimatedCost == 0.0002);
        calls.Should().Contain(e => e.ToolName == "get_weather");
        calls.Should().Contain(e => e.Kind == ExecutionEventKind.TaskComplete && e.Duration > 2.99 && e.Duration < 3.01);
    }

    [Fact]
    public async Task ReadAsync_GzipCopy_GivesTheSameEvents()
    {
        var (plain, _) = await ReadAsync(Fixture("genai-traces.jsonl"));
        var (gzip, stats) = await ReadAsync(Fixture("genai-traces.jsonl.gz"));

        gzip.Select(Describe).Should().Equal(plain.Select(Describe));
        stats.OtlpFiles.Should().Be(1);
    }

    [Fact]
    public async Task ReadAsync_FolderWithBothFormats_ReadsBothAndCountsEach()
    {
        using var folder = new TempFolder();
        File.Copy(Fixture("genai-traces.jsonl"), folder.File("traces.jsonl"));
        File.Copy(Fixture("openinference-trace.json"), folder.File("phoenix.json"));
        folder.Write("agent.jsonl", """
            {"event":"task_start","timestamp":"2026-11-20T09:00:00Z","task_id":"t-1","task_name":"from_logs"}
            {"event":"task_complete","timestamp":"2026-11-20T09:00:02Z","task_id":"t-1","task_name":"from_logs","duration":2.0}
            """);

        var (events, stats) = await ReadAsync(folder.Path);

        stats.Files.Should().Be(3);
        stats.OtlpFiles.Should().Be(2);
        events.Should().Contain(e => e.TaskName == "from_logs");
        events.Should().Contain(e => e.TaskName == "support_agent");
        events.Should().Contain(e => e.TaskName == "research_agent");
    }

    [Fact]
    public async Task ReadAsync_Base64IdsAndNumericStrings_AreRead()
    {
        using var folder = new TempFolder();
        var trace = Convert.ToBase64String(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        var agent = Convert.ToBase64String([1, 1, 1, 1, 1, 1, 1, 1]);
        var tool = Convert.ToBase64String([2, 2, 2, 2, 2, 2, 2, 2]);
        folder.Write("b64.jsonl", Doc(
            Span(trace, tool, agent, "execute_tool calc", "\"1795168801000000000\"", "\"1795168802500000000\"", Attr("gen_ai.operation.name", "execute_tool"), Attr("gen_ai.tool.name", "calc")),
            Span(trace, agent, null, "invoke_agent math", "1795168800000000000", "1795168803000000000", Attr("gen_ai.operation.name", "invoke_agent"), IntAttr("gen_ai.usage.input_tokens", "\"12\""))[..^1] + ",\"status\":{\"code\":\"STATUS_CODE_ERROR\",\"message\":\"boom\"}}"));

        var (events, stats) = await ReadAsync(folder.Path);

        stats.Malformed.Should().Be(0);
        events.Select(e => e.Kind).Should().Equal(ExecutionEventKind.TaskStart, ExecutionEventKind.ToolExecution, ExecutionEventKind.TaskError);
        events[0].TaskId.Should().Be("0102030405060708090a0b0c0d0e0f10-0101010101010101");
        events[1].TaskId.Should().Be(events[0].TaskId);
        events[1].Duration.Should().BeApproximately(1.5, 1e-9);
        events[2].Error.Should().Be("boom");
    }

    [Fact]
    public async Task ReadAsync_UnusableSpansAndBadLines_AreSkippedCountedAndTheRestRead()
    {
        using var folder = new TempFolder();
        const string Trace = "0af7651916cd43dd8448eb211c80319c";
        folder.Write("bad.jsonl", string.Join('\n',
            Doc(
                Span("xyz", "00f067aa0ba902b7", null, "invoke_agent a", "1", "2", Attr("gen_ai.operation.name", "invoke_agent")),
                Span(Trace, "00f067aa0ba902b8", null, "invoke_agent b", null, "2", Attr("gen_ai.operation.name", "invoke_agent")),
                Span(Trace, "00f067aa0ba902b9", "00f067aa0ba902ba", "chat", "1", "2", Attr("gen_ai.operation.name", "chat"))),
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":",
            "[1,2,3]",
            Doc(Span(Trace, "00f067aa0ba902ba", null, "invoke_agent ok", "1795168800000000000", "1795168801000000000", Attr("gen_ai.operation.name", "invoke_agent"), Attr("unknown.key", "x"))[..^1] + ",\"unknownField\":{\"a\":[1]}}")));

        var (events, stats) = await ReadAsync(folder.Path);

        events.Should().HaveCount(2).And.OnlyContain(e => e.TaskName == "invoke_agent ok");
        stats.MalformedByReason.Should().BeEquivalentTo(new Dictionary<MalformedReason, long>
        {
            [MalformedReason.InvalidFieldType] = 1, // the bad trace id
            [MalformedReason.MissingField] = 2, // no start time; a chat span without a model
            [MalformedReason.InvalidJson] = 1, // the cut line
            [MalformedReason.NotAnObject] = 1,
        });
        stats.Samples.Should().Contain(s => s.Line == 1 && s.Detail.Contains("traceId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_TimeRange_KeepsOnlyEventsInside()
    {
        var from = new DateTimeOffset(2026, 11, 20, 10, 1, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);
        var (events, stats) = await ReadAsync(Fixture("genai-traces.jsonl"), from, to);

        events.Should().NotBeEmpty().And.OnlyContain(e => e.Timestamp >= from && e.Timestamp < to);
        stats.FilteredOut.Should().BeGreaterThan(0);
        (events.Count + stats.FilteredOut).Should().Be(stats.Events);
    }

    internal static string Describe(ExecutionEvent e) =>
        $"{e.Kind}|{e.Timestamp:O}|{e.TaskId}|{e.TaskName}|{e.ToolName}|{e.Model}|{e.Provider}|{e.PromptTokens}|{e.CompletionTokens}|{e.Duration}|{e.Success}|{e.Error}|{e.ErrorType}|{e.Parameters}|{e.EstimatedCost}";

    private static string Doc(params string[] spans) =>
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"scope\":{\"name\":\"t\"},\"spans\":[" + string.Join(',', spans) + "]}]}]}";

    private static string Span(string trace, string span, string? parent, string name, string? start, string? end, params string[] attributes)
    {
        var text = $"{{\"traceId\":\"{trace}\",\"spanId\":\"{span}\",\"parentSpanId\":\"{parent ?? string.Empty}\",\"name\":\"{name}\",\"kind\":1";
        if (start is not null)
        {
            text += $",\"startTimeUnixNano\":{start}";
        }

        if (end is not null)
        {
            text += $",\"endTimeUnixNano\":{end}";
        }

        return text + ",\"attributes\":[" + string.Join(',', attributes) + "]}";
    }

    private static string Attr(string key, string value) => $"{{\"key\":\"{key}\",\"value\":{{\"stringValue\":\"{value}\"}}}}";

    private static string IntAttr(string key, string value) => $"{{\"key\":\"{key}\",\"value\":{{\"intValue\":{value}}}}}";

    private static async Task<(List<ExecutionEvent> Events, LogReadStatistics Stats)> ReadAsync(string path, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var stats = new LogReadStatistics();
        var events = new List<ExecutionEvent>();
        await foreach (var e in new JsonLinesLogSource().ReadAsync(new LogQuery { Paths = [path], From = from, To = to }, stats))
        {
            events.Add(e);
        }

        return (events, stats);
    }
}
