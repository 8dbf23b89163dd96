using Alpha.Learning.Logs;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Logs;

public class JsonLinesExecutionLoggerTests
{
    private static async Task<List<ExecutionEvent>> ReadAllAsync(string folder, LogReadStatistics? stats = null)
    {
        var events = new List<ExecutionEvent>();
        await foreach (var e in new JsonLinesLogSource().ReadAsync(new LogQuery { Paths = [folder] }, stats))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task LogMethods_EveryFieldWritten_IsReadBackIdentically()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 10, 15, 2, 113, TimeSpan.Zero));
        var nasty = "quote \" backslash \\ newline \n tab \t line-sep \u2028 nul \0 emoji 🚀 </script>";
        using (var logger = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = folder.Path }, time))
        {
            logger.LogTaskStart("t-81", "web_research");
            time.Advance(TimeSpan.FromSeconds(1));
            logger.LogToolExecution("t-81", "search", TimeSpan.FromSeconds(7.5), success: false, new Dictionary<string, string> { ["q"] = nasty }, error: nasty);
            time.Advance(TimeSpan.FromSeconds(1));
            logger.LogLlmInteraction("t-81", "openai", "gpt-4", 3000, 800, TimeSpan.FromSeconds(4.2), 0.15);
            time.Advance(TimeSpan.FromSeconds(1));
            logger.LogTaskError("t-81", "web_research", nasty, "TimeoutError", "Traceback:\n  line 1", TimeSpan.FromSeconds(30));
            logger.LogTaskComplete("t-82", "summarize", TimeSpan.FromMilliseconds(1234.5));
            logger.LogEvent(new ExecutionEvent
            {
                Kind = ExecutionEventKind.Custom,
                EventName = "cache_miss",
                Timestamp = time.GetUtcNow(),
                Fields = new Dictionary<string, string> { ["key"] = "user:1", ["note"] = nasty },
            });
        }

        var stats = new LogReadStatistics();
        var events = await ReadAllAsync(folder.Path, stats);

        stats.Malformed.Should().Be(0);
        events.Should().HaveCount(6);
        events[0].Should().BeEquivalentTo(new { Kind = ExecutionEventKind.TaskStart, TaskId = "t-81", TaskName = "web_research", Timestamp = new DateTimeOffset(2026, 11, 20, 10, 15, 2, 113, TimeSpan.Zero) });
        events[1].Should().BeEquivalentTo(new { ToolName = "search", TaskId = "t-81", Duration = 7.5, Success = false, Error = nasty });
        System.Text.Json.JsonDocument.Parse(events[1].Parameters!).RootElement.GetProperty("q").GetString().Should().Be(nasty);
        events[2].Should().BeEquivalentTo(new { Provider = "openai", Model = "gpt-4", PromptTokens = 3000L, CompletionTokens = 800L, TotalTokens = 3800L, Duration = 4.2, EstimatedCost = 0.15 });
        events[3].Should().BeEquivalentTo(new { Error = nasty, ErrorType = "TimeoutError", Traceback = "Traceback:\n  line 1", Duration = 30.0 });
        events[4].Duration.Should().Be(1.2345);
        events[5].Fields.Should().BeEquivalentTo(new Dictionary<string, string> { ["key"] = "user:1", ["note"] = nasty });
    }

    [Fact]
    public async Task LogEvent_CacheReadTokens_IsReadBackByBothParsers()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        using (var logger = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = folder.Path }, time))
        {
            logger.LogEvent(new ExecutionEvent { Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = time.GetUtcNow(), TaskId = "t-1", Model = "gpt-4o", PromptTokens = 1200, CompletionTokens = 80, CacheReadTokens = 1024 });
            logger.LogEvent(new ExecutionEvent { Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = time.GetUtcNow(), TaskId = "t-2", Model = "gpt-4o", PromptTokens = 10 });
        }

        var events = await ReadAllAsync(folder.Path);

        events.Select(e => e.CacheReadTokens).Should().Equal(1024L, null);
        var line = File.ReadLines(Directory.GetFiles(folder.Path).Single()).First();
        line.Should().Contain("\"cache_read_tokens\":1024");
        var parser = new Alpha.Learning.Logs.Internal.JsonLineParser(64, naiveZone: null);
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        parser.TryParseSimple(bytes)!.CacheReadTokens.Should().Be(1024);
        parser.ParseWithReader(bytes, out _, out _)!.CacheReadTokens.Should().Be(1024);
        parser.Parse(System.Text.Encoding.UTF8.GetBytes(line.Replace("\"cache_read_tokens\":1024", "\"cache_read_tokens\":-1", StringComparison.Ordinal)), out var reason, out var detail).Should().BeNull();
        reason.Should().Be(MalformedReason.InvalidNumber);
        detail.Should().Contain("cache_read_tokens");
    }

    [Fact]
    public async Task LogEvent_AcrossDays_RotatesDaily()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 23, 59, 0, TimeSpan.Zero));
        using (var logger = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = folder.Path, FilePrefix = "agent" }, time))
        {
            logger.LogTaskStart("t1", "a");
            time.Advance(TimeSpan.FromMinutes(2));
            logger.LogTaskStart("t2", "a");
        }

        Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo("agent-2026-11-20.jsonl", "agent-2026-11-21.jsonl");
        (await ReadAllAsync(folder.Path)).Select(e => e.TaskId).Should().Equal("t1", "t2");
    }

    [Fact]
    public async Task LogEvent_OverSizeLimit_RotatesBySizeWithoutLosingEvents()
    {
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        using (var logger = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = folder.Path, MaxFileBytes = 1000 }, time))
        {
            for (var i = 0; i < 100; i++)
            {
                logger.LogTaskStart($"t{i}", "task");
                time.Advance(TimeSpan.FromMilliseconds(10));
            }
        }

        var files = Directory.GetFiles(folder.Path);
        files.Length.Should().BeGreaterThan(5);
        files.Should().OnlyContain(f => new FileInfo(f).Length <= 1000);
        (await ReadAllAsync(folder.Path)).Select(e => e.TaskId).Should().Equal(Enumerable.Range(0, 100).Select(i => $"t{i}"));
    }

    [Fact]
    public async Task LogTaskStart_FromManyThreads_WritesEveryLineWhole()
    {
        using var folder = new TempFolder();
        using (var logger = new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = folder.Path }))
        {
            Parallel.For(0, 4000, i => logger.LogTaskStart($"t{i}", "parallel"));
        }

        var stats = new LogReadStatistics();
        var events = await ReadAllAsync(folder.Path, stats);

        stats.Malformed.Should().Be(0);
        events.Select(e => e.TaskId).Should().OnlyHaveUniqueItems().And.HaveCount(4000);
    }

    [Fact]
    public void Constructor_PrefixWithPathSeparator_IsRefused()
    {
        using var folder = new TempFolder();
        var act = () => new JsonLinesExecutionLogger(new JsonLinesExecutionLoggerOptions { Directory = folder.Path, FilePrefix = "../escape" });

        act.Should().Throw<ArgumentException>().WithMessage("*../escape*");
    }
}
