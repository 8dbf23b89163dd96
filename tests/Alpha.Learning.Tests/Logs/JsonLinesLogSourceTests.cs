using System.IO.Compression;
using System.Text;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Logs;

public class JsonLinesLogSourceTests
{
    private const string Start = """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","task_name":"web_research"}""";

    private static async Task<(List<ExecutionEvent> Events, LogReadStatistics Stats)> ReadAsync(string path, LogQuery? query = null, JsonLinesLogSourceOptions? options = null)
    {
        var source = new JsonLinesLogSource(options ?? new JsonLinesLogSourceOptions());
        var stats = new LogReadStatistics();
        var events = new List<ExecutionEvent>();
        var q = query is null ? new LogQuery { Paths = [path] } : new LogQuery { Paths = [path], From = query.From, To = query.To };
        await foreach (var e in source.ReadAsync(q, stats))
        {
            events.Add(e);
        }

        return (events, stats);
    }

    private static async Task<(List<ExecutionEvent> Events, LogReadStatistics Stats)> ReadLinesAsync(params string[] lines)
    {
        using var folder = new TempFolder();
        var file = folder.Write("run.jsonl", string.Join("\n", lines) + "\n");
        return await ReadAsync(file);
    }

    [Fact]
    public async Task ReadAsync_EveryEventKind_ReadsEveryField()
    {
        var (events, stats) = await ReadLinesAsync(
            Start,
            """{"event":"task_complete","timestamp":"2026-11-20T10:00:05Z","task_id":"t1","task_name":"web_research","duration":5.25}""",
            """{"event":"task_error","timestamp":"2026-11-20T10:00:06Z","task_id":"t2","task_name":"web_research","error":"Timeout after 30s","error_type":"TimeoutError","traceback":"line 1\nline 2"}""",
            """{"event":"tool_execution","timestamp":"2026-11-20T10:00:07Z","task_id":"t1","tool_name":"search","parameters":{"q":"x","n":[1,2]},"duration":7.5,"success":false,"error":"boom"}""",
            """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:08Z","task_id":"t1","provider":"openai","model":"gpt-4","prompt_tokens":3000,"completion_tokens":800,"total_tokens":3800,"duration":4.2,"estimated_cost":0.15}""");

        stats.Malformed.Should().Be(0);
        events.Select(e => e.Kind).Should().Equal(
            ExecutionEventKind.TaskStart, ExecutionEventKind.TaskComplete, ExecutionEventKind.TaskError, ExecutionEventKind.ToolExecution, ExecutionEventKind.LlmInteraction);
        events[0].TaskId.Should().Be("t1");
        events[0].TaskName.Should().Be("web_research");
        events[1].Duration.Should().Be(5.25);
        events[2].Error.Should().Be("Timeout after 30s");
        events[2].ErrorType.Should().Be("TimeoutError");
        events[2].Traceback.Should().Be("line 1\nline 2");
        events[3].ToolName.Should().Be("search");
        events[3].TaskId.Should().Be("t1");
        events[3].Parameters.Should().Be("""{"q":"x","n":[1,2]}""");
        events[3].Success.Should().BeFalse();
        events[3].Error.Should().Be("boom");
        events[4].Provider.Should().Be("openai");
        events[4].Model.Should().Be("gpt-4");
        events[4].PromptTokens.Should().Be(3000);
        events[4].CompletionTokens.Should().Be(800);
        events[4].TotalTokens.Should().Be(3800);
        events[4].EstimatedCost.Should().Be(0.15);
        events[4].TaskId.Should().Be("t1");
    }

    [Fact]
    public async Task ReadAsync_RepeatedNames_ShareOneStringInstance()
    {
        var (events, _) = await ReadLinesAsync(Start, Start.Replace("t1", "t2", StringComparison.Ordinal));

        ReferenceEquals(events[0].TaskName, events[1].TaskName).Should().BeTrue();
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00Z", "2026-11-20T10:00:00+00:00")]
    [InlineData("2026-11-20T10:00:00.123456Z", "2026-11-20T10:00:00.123456+00:00")]
    [InlineData("2026-11-20T12:00:00+02:00", "2026-11-20T10:00:00+00:00")]
    [InlineData("2026-11-20T05:30:00-0430", "2026-11-20T10:00:00+00:00")]
    [InlineData("2026-11-20T10:00:00", "2026-11-20T10:00:00+00:00")]
    [InlineData("2026-11-20 10:00:00.5", "2026-11-20T10:00:00.5+00:00")]
    [InlineData("2026-11-20T10:00Z", "2026-11-20T10:00:00+00:00")]
    public async Task ReadAsync_TimestampVariants_ReadAsTheRightInstant(string timestamp, string expected)
    {
        var (events, stats) = await ReadLinesAsync(Start.Replace("2026-11-20T10:00:00Z", timestamp, StringComparison.Ordinal));

        stats.Malformed.Should().Be(0);
        events.Single().Timestamp.Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ReadAsync_NaiveTimestampWithConfiguredZone_ReadsInThatZone()
    {
        using var folder = new TempFolder();
        var file = folder.Write("run.jsonl", Start.Replace("2026-11-20T10:00:00Z", "2026-07-01T12:00:00", StringComparison.Ordinal));

        var (events, _) = await ReadAsync(file, options: new JsonLinesLogSourceOptions { NaiveTimestampTimeZone = "Europe/Berlin" });

        events.Single().Timestamp.UtcDateTime.Should().Be(new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc), "Berlin is UTC+2 in summer");
    }

    [Fact]
    public async Task ReadAsync_TimeRange_ComparesInstantsAcrossOffsetsAndNaive()
    {
        using var folder = new TempFolder();
        var file = folder.Write("run.jsonl", string.Join("\n",
            Start.Replace("2026-11-20T10:00:00Z", "2026-11-20T09:59:59.999Z", StringComparison.Ordinal),
            Start.Replace("2026-11-20T10:00:00Z", "2026-11-20T12:00:00+02:00", StringComparison.Ordinal),
            Start.Replace("2026-11-20T10:00:00Z", "2026-11-20T10:30:00", StringComparison.Ordinal),
            Start.Replace("2026-11-20T10:00:00Z", "2026-11-20T06:00:00-05:00", StringComparison.Ordinal)));
        var from = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var (inRange, rangeStats) = await ReadAsync(file, new LogQuery { From = from, To = from.AddHours(1) });

        inRange.Select(e => e.Timestamp.UtcDateTime.Minute).Should().Equal(0, 30);
        rangeStats.Events.Should().Be(4);
        rangeStats.FilteredOut.Should().Be(2);
    }

    [Theory]
    [InlineData("{\"event\":\"task_start\",", MalformedReason.InvalidJson)]
    [InlineData("[1,2,3]", MalformedReason.NotAnObject)]
    [InlineData("\"just a string\"", MalformedReason.NotAnObject)]
    [InlineData("{\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"x\"}", MalformedReason.MissingField)]
    [InlineData("{\"event\":\"task_start\",\"task_name\":\"x\"}", MalformedReason.MissingField)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\"}", MalformedReason.MissingField)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":null,\"task_name\":\"x\"}", MalformedReason.MissingField)]
    [InlineData("{\"event\":\"tool_execution\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"tool_name\":\"s\",\"duration\":\"slow\"}", MalformedReason.InvalidFieldType)]
    [InlineData("{\"event\":\"llm_interaction\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"m\",\"estimated_cost\":\"NaN\"}", MalformedReason.InvalidFieldType)]
    [InlineData("{\"event\":\"llm_interaction\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"m\",\"estimated_cost\":1e999}", MalformedReason.InvalidNumber)]
    [InlineData("{\"event\":\"llm_interaction\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"m\",\"prompt_tokens\":-5}", MalformedReason.InvalidNumber)]
    [InlineData("{\"event\":\"llm_interaction\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"m\",\"prompt_tokens\":1.5}", MalformedReason.InvalidNumber)]
    [InlineData("{\"event\":\"tool_execution\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"tool_name\":\"s\",\"duration\":-1}", MalformedReason.InvalidNumber)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":42}", MalformedReason.InvalidFieldType)]
    [InlineData("{\"event\":\"tool_execution\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"tool_name\":\"s\",\"success\":\"true\"}", MalformedReason.InvalidFieldType)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"yesterday\",\"task_name\":\"x\"}", MalformedReason.InvalidTimestamp)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-02-30T10:00:00Z\",\"task_name\":\"x\"}", MalformedReason.InvalidTimestamp)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00+15:00\",\"task_name\":\"x\"}", MalformedReason.InvalidTimestamp)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":1763632800,\"task_name\":\"x\"}", MalformedReason.InvalidFieldType)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\",\"task_name\":\"b\"}", MalformedReason.DuplicateProperty)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\\nfake\"}", MalformedReason.ControlCharacter)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\\u2028b\"}", MalformedReason.ControlCharacter)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\u0001b\"}", MalformedReason.ControlCharacter)]
    [InlineData("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"x\"} trailing", MalformedReason.InvalidJson)]
    public async Task ReadAsync_MalformedLine_IsSkippedAndCountedByReason(string line, MalformedReason reason)
    {
        var (events, stats) = await ReadLinesAsync(Start, line, Start);

        events.Should().HaveCount(2, "the lines around a malformed one are always read");
        stats.Malformed.Should().Be(1);
        stats.MalformedByReason.Should().ContainKey(reason).WhoseValue.Should().Be(1);
        stats.Samples.Single().Line.Should().Be(2);
        stats.Samples.Single().Reason.Should().Be(reason);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_IsCountedAsInvalidUtf8()
    {
        using var folder = new TempFolder();
        var bytes = Encoding.UTF8.GetBytes(Start + "\n").Concat(Encoding.UTF8.GetBytes("{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"")).Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n" + Start + "\n")).ToArray();
        var (events, stats) = await ReadAsync(folder.WriteBytes("run.jsonl", bytes));

        events.Should().HaveCount(2);
        stats.MalformedByReason[MalformedReason.InvalidUtf8].Should().Be(1);
    }

    [Fact]
    public async Task ReadAsync_DeepNesting_IsCountedAsTooDeep()
    {
        var deep = "{\"event\":\"x\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"p\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var (events, stats) = await ReadLinesAsync(Start, deep, Start);

        events.Should().HaveCount(2);
        stats.MalformedByReason[MalformedReason.TooDeep].Should().Be(1);
    }

    [Fact]
    public async Task ReadAsync_LineLongerThanLimit_IsSkippedAndTheNextLineRead()
    {
        using var folder = new TempFolder();
        var longLine = "{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"" + new string('a', 300_000) + "\"}";
        var file = folder.Write("run.jsonl", Start + "\n" + longLine + "\n" + Start + "\n");

        var (events, stats) = await ReadAsync(file, options: new JsonLinesLogSourceOptions { MaxLineBytes = 100_000 });

        events.Should().HaveCount(2);
        stats.MalformedByReason[MalformedReason.LineTooLong].Should().Be(1);
        stats.Samples.Single().Line.Should().Be(2);
    }

    [Fact]
    public async Task ReadAsync_UnknownEventsAndFields_AreKeptOutOfTheWay()
    {
        var (events, stats) = await ReadLinesAsync(
            """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","task_name":"x","extra":{"deep":[1,{"a":2}]},"more":true}""",
            """{"event":"cache_miss","timestamp":"2026-11-20T10:00:01Z","key":"user:1","size":12,"nested":{"skip":1}}""");

        stats.Malformed.Should().Be(0);
        stats.CustomEvents.Should().Be(1);
        events[0].Kind.Should().Be(ExecutionEventKind.TaskStart);
        events[0].Fields.Should().BeNull();
        events[1].Kind.Should().Be(ExecutionEventKind.Custom);
        events[1].EventName.Should().Be("cache_miss");
        events[1].Fields.Should().BeEquivalentTo(new Dictionary<string, string> { ["key"] = "user:1", ["size"] = "12" });
    }

    [Theory]
    [InlineData("task_id", "\"t-81\"", "t-81")]
    [InlineData("task_name", "\"web_research\"", "web_research")]
    [InlineData("duration", "2.5", "2.5")]
    [InlineData("error", "\"cache cold\"", "cache cold")]
    [InlineData("error_type", "\"CacheMiss\"", "CacheMiss")]
    [InlineData("traceback", "\"line 1\\nline 2\"", "line 1\nline 2")]
    [InlineData("tool_name", "\"search\"", "search")]
    [InlineData("parameters", "\"q=x\"", "q=x")]
    [InlineData("success", "false", "false")]
    [InlineData("provider", "\"openai\"", "openai")]
    [InlineData("model", "\"gpt-4o\"", "gpt-4o")]
    [InlineData("prompt_tokens", "120", "120")]
    [InlineData("completion_tokens", "30", "30")]
    [InlineData("total_tokens", "150", "150")]
    [InlineData("estimated_cost", "0.002", "0.002")]
    public async Task ReadAsync_CustomEventWithOnlyKnownFieldNames_CarriesThemInFields(string name, string json, string expected)
    {
        var (events, stats) = await ReadLinesAsync(
            $$"""{"event":"cache_miss","timestamp":"2026-11-20T10:00:01Z","{{name}}":{{json}}}""",
            $$"""{"event":"cache_miss","timestamp":"2026-11-20T10:00:02Z","{{name}}":{{json}},"key":"user:1"}""");

        stats.Malformed.Should().Be(0);
        events.Should().HaveCount(2).And.AllSatisfy(e => e.Kind.Should().Be(ExecutionEventKind.Custom));
        events[0].Fields.Should().BeEquivalentTo(new Dictionary<string, string> { [name] = expected });
        events[1].Fields.Should().BeEquivalentTo(new Dictionary<string, string> { [name] = expected, ["key"] = "user:1" });
    }

    [Fact]
    public async Task ReadAsync_CustomEventWithOnlyEventAndTimestamp_HasEmptyFields()
    {
        var (events, _) = await ReadLinesAsync("""{"event":"heartbeat","timestamp":"2026-11-20T10:00:01Z"}""");

        events.Single().Fields.Should().NotBeNull().And.BeEmpty();
    }

    [Fact]
    public async Task ReadAsync_NullOptionalFields_AreTreatedAsAbsent()
    {
        var (events, stats) = await ReadLinesAsync(
            """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","tool_name":"s","duration":1.0,"success":true,"error":null,"parameters":null}""");

        stats.Malformed.Should().Be(0);
        events.Single().Error.Should().BeNull();
        events.Single().Parameters.Should().BeNull();
    }

    [Fact]
    public async Task ReadAsync_BlankLinesCrLfAndBom_AreHandled()
    {
        using var folder = new TempFolder();
        var file = folder.WriteBytes("run.jsonl", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Start + "\r\n\r\n   \n" + Start)]);

        var (events, stats) = await ReadAsync(file);

        events.Should().HaveCount(2);
        stats.BlankLines.Should().Be(2);
        stats.Lines.Should().Be(4);
    }

    [Fact]
    public async Task ReadAsync_FolderWithRotationsAndGzip_ReadsLogFilesInTimeOrder()
    {
        using var folder = new TempFolder();
        static string Line(int hour) => Start.Replace("T10:", $"T{hour:D2}:", StringComparison.Ordinal);
        folder.Write("app.jsonl", Line(12));
        folder.Write("app.jsonl.1", Line(11));
        folder.Write("app.json.2", Line(9));
        folder.Write("notes.txt", "not a log");
        folder.Write("app.jsonl.bak", Line(1));
        using (var gz = new GZipStream(File.Create(folder.File("app.jsonl.3.gz")), CompressionLevel.Fastest))
        {
            gz.Write(Encoding.UTF8.GetBytes(Line(8) + "\n"));
        }

        var (events, stats) = await ReadAsync(folder.Path);

        stats.Files.Should().Be(4);
        events.Select(e => e.Timestamp.Hour).Should().Equal(8, 9, 11, 12);
    }

    [Fact]
    public async Task ReadAsync_TruncatedGzip_ReadsWhatIsThereAndTheOtherFiles()
    {
        using var folder = new TempFolder();
        var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var i = 0; i < 2000; i++)
            {
                gz.Write(Encoding.UTF8.GetBytes(Start.Replace("t1", $"t{i}", StringComparison.Ordinal) + "\n"));
            }
        }

        folder.WriteBytes("old.jsonl.1.gz", compressed.ToArray()[..(int)(compressed.Length / 2)]);
        folder.Write("new.jsonl", Start.Replace("T10:", "T11:", StringComparison.Ordinal));

        var (events, stats) = await ReadAsync(folder.Path);

        events.Should().Contain(e => e.Timestamp.Hour == 11);
        events.Count(e => e.Timestamp.Hour == 10).Should().BeGreaterThan(100, "what the truncated file holds is read");
        stats.Malformed.Should().BeLessThanOrEqualTo(1, "at most the line cut by the truncation is lost");
    }

    [Fact]
    public async Task ReadAsync_CorruptGzip_CountsUnreadableDataAndReadsOtherFiles()
    {
        using var folder = new TempFolder();
        folder.WriteBytes("old.jsonl.1.gz", [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        folder.Write("new.jsonl", Start);

        var (events, stats) = await ReadAsync(folder.Path);

        events.Should().ContainSingle();
        stats.MalformedByReason.Should().ContainKey(MalformedReason.UnreadableData);
    }

    [Fact]
    public async Task ReadAsync_MissingPath_ThrowsNamingThePath()
    {
        var source = new JsonLinesLogSource();
        var act = async () =>
        {
            await foreach (var unused in source.ReadAsync(new LogQuery { Paths = ["/no/such/folder/x"] }))
            {
            }
        };

        (await act.Should().ThrowAsync<FileNotFoundException>()).WithMessage("*'/no/such/folder/x'*");
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsPromptly()
    {
        using var folder = new TempFolder();
        var file = folder.Write("run.jsonl", string.Join("\n", Enumerable.Repeat(Start, 50_000)));
        using var cancel = new CancellationTokenSource();
        var source = new JsonLinesLogSource();
        var read = 0;

        var act = async () =>
        {
            await foreach (var unused in source.ReadAsync(new LogQuery { Paths = [file] }, cancellationToken: cancel.Token))
            {
                if (++read == 100)
                {
                    await cancel.CancelAsync();
                }
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        read.Should().BeLessThan(50_000);
    }

    [Fact]
    public async Task ReadAsync_ManyFilesInParallel_DeliversFileByFileInOrder()
    {
        using var folder = new TempFolder();
        for (var f = 0; f < 6; f++)
        {
            var lines = Enumerable.Range(0, 3000).Select(i => Start.Replace("T10:00:00Z", $"T{10 + f:D2}:{i / 60 % 60:D2}:{i % 60:D2}Z", StringComparison.Ordinal));
            folder.Write($"part-{5 - f}.jsonl", string.Join("\n", lines));
        }

        var (events, stats) = await ReadAsync(folder.Path, options: new JsonLinesLogSourceOptions { MaxParallelism = 3 });

        stats.Events.Should().Be(18_000);
        events.Select(e => e.Timestamp).Should().BeInAscendingOrder();
    }
}
