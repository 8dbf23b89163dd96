using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.LogGenerator;

/// <summary>
/// Writes realistic, deterministic agent execution logs with planted problems: concurrent tasks, tool chains,
/// LLM calls, recurring errors with variable parts, slow tools, timeouts, an expensive model, retry loops,
/// redundant calls and reliable tasks.
/// </summary>
/// <remarks>
/// The planted problems, by task type: <c>web_research</c> times out (TimeoutError after 30 s) about 20% of runs
/// and its <c>web_search</c> tool is slow (p95 ≈ 9 s); <c>code_review</c> uses <c>gpt-4</c> at $0.12–$0.35 a call
/// while <c>gpt-4o-mini</c> succeeds on it too; <c>data_extraction</c> fails with a recurring parse error whose
/// record number, file path and token vary, and calls <c>db_query</c> twice with the same parameters;
/// <c>customer_support</c> meets transient connection resets on <c>crm_lookup</c> and retries the same call;
/// <c>report_generation</c> is slow (over 10 s) with a slow <c>render_pdf</c>; <c>summarize_document</c>
/// succeeds 99% of the time.
/// </remarks>
public static class ExecutionLogGenerator
{
    private static readonly string[] Providers = ["openai", "anthropic"];

    /// <summary>Generates logs into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="directory">The folder to write to.</param>
    /// <param name="options">What to generate.</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    /// <returns>What was written.</returns>
    public static GeneratedLogs Generate(string directory, LogGeneratorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Files, 1, nameof(options.Files));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SizeMegabytes, nameof(options.SizeMegabytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Span, TimeSpan.Zero, nameof(options.Span));
        if (options.MalformedRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MalformedRate, "MalformedRate must be between 0 and 1.");
        }

        Directory.CreateDirectory(directory);
        var random = new Random(options.Seed);
        var totalBytes = (long)(options.SizeMegabytes * 1_000_000);
        const int AverageTaskBytes = 800;
        var taskCount = Math.Max(1, totalBytes / AverageTaskBytes);
        var step = options.Span.Ticks / taskCount;
        var bytesPerFile = Math.Max(1, totalBytes / options.Files);

        var files = new List<string>();
        var pending = new PriorityQueue<ExecutionEvent, (long, long)>();
        long sequence = 0, lines = 0, events = 0, malformed = 0, written = 0, tasks = 0;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer);
        Stream? output = null;
        long fileBytes = 0;

        void OpenNext()
        {
            output?.Dispose();
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{options.FilePrefix}-{files.Count + 1:D3}.jsonl"));
            files.Add(path);
            output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            fileBytes = 0;
        }

        void Emit(ExecutionEvent e)
        {
            if (output is null || (fileBytes >= bytesPerFile && files.Count < options.Files))
            {
                OpenNext();
            }

            buffer.Clear();
            if (options.MalformedRate > 0 && random.NextDouble() < options.MalformedRate)
            {
                buffer.Write(Encoding.UTF8.GetBytes(MalformedLine(random, e)));
                malformed++;
            }
            else
            {
                json.Reset();
                var style = options.TimestampStyle == GeneratedTimestampStyle.Mixed ? (GeneratedTimestampStyle)random.Next(3) : options.TimestampStyle;
                var (writerStyle, offset) = style switch
                {
                    GeneratedTimestampStyle.Offset => (TimestampStyle.Offset, TimeSpan.FromHours(2)),
                    GeneratedTimestampStyle.Naive => (TimestampStyle.Naive, TimeSpan.Zero),
                    _ => (TimestampStyle.Utc, TimeSpan.Zero),
                };
                ExecutionEventJsonWriter.Write(json, e, writerStyle, offset);
                json.Flush();
                events++;
            }

            buffer.Write("\n"u8);
            output!.Write(buffer.WrittenSpan);
            fileBytes += buffer.WrittenCount;
            written += buffer.WrittenCount;
            lines++;
        }

        for (long i = 0; i < taskCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = options.Start.AddTicks((i * step) + random.NextInt64(Math.Max(1, step)));
            while (pending.TryPeek(out var next, out _) && next.Timestamp <= start)
            {
                Emit(pending.Dequeue());
            }

            foreach (var e in Task(random, start, i))
            {
                pending.Enqueue(e, (e.Timestamp.UtcTicks, sequence++));
            }

            tasks++;
        }

        while (pending.TryDequeue(out var e, out _))
        {
            Emit(e);
        }

        output?.Dispose();
        if (options.CompressOlderFiles)
        {
            for (var f = 0; f < files.Count - 1; f++)
            {
                var gz = files[f] + ".gz";
                using (var source = File.OpenRead(files[f]))
                using (var target = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
                {
                    source.CopyTo(target);
                }

                File.Delete(files[f]);
                files[f] = gz;
            }
        }

        return new GeneratedLogs { Files = files, Lines = lines, Events = events, Malformed = malformed, Tasks = tasks, Bytes = written };
    }

    private static List<ExecutionEvent> Task(Random random, DateTimeOffset start, long index)
    {
        var roll = random.Next(100);
        var taskName = roll switch
        {
            < 22 => "web_research",
            < 36 => "code_review",
            < 52 => "data_extraction",
            < 68 => "customer_support",
            < 76 => "report_generation",
            _ => "summarize_document",
        };
        var taskId = string.Create(CultureInfo.InvariantCulture, $"t-{index:x8}");
        var events = new List<ExecutionEvent>(12);
        var t = start;
        events.Add(new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = taskId, TaskName = taskName });

        void Tool(string tool, double seconds, bool success, string parameters, string? error = null)
        {
            t = t.AddSeconds(seconds);
            events.Add(new ExecutionEvent
            {
                Kind = ExecutionEventKind.ToolExecution,
                EventName = "tool_execution",
                Timestamp = t,
                TaskId = taskId,
                ToolName = tool,
                Parameters = parameters,
                Duration = Math.Round(seconds, 3),
                Success = success,
                Error = error,
            });
        }

        void Llm(string model, long prompt, long completion, double seconds, double? cost)
        {
            t = t.AddSeconds(seconds);
            events.Add(new ExecutionEvent
            {
                Kind = ExecutionEventKind.LlmInteraction,
                EventName = "llm_interaction",
                Timestamp = t,
                TaskId = taskId,
                Provider = model.StartsWith("claude", StringComparison.Ordinal) ? Providers[1] : Providers[0],
                Model = model,
                PromptTokens = prompt,
                CompletionTokens = completion,
                TotalTokens = prompt + completion,
                Duration = Math.Round(seconds, 3),
                EstimatedCost = cost is { } c ? Math.Round(c, 6) : null,
            });
        }

        string? error = null, errorType = null;
        switch (taskName)
        {
            case "web_research":
                var query = Words[random.Next(Words.Length)] + " " + Words[random.Next(Words.Length)];
                var slow = random.Next(100) < 35;
                Tool("web_search", slow ? 6 + (random.NextDouble() * 6) : 0.4 + random.NextDouble(), true, Json("query", query));
                Tool("fetch_page", 0.2 + (random.NextDouble() * 0.8), true, Json("url", $"https://example.org/articles/{random.Next(100000)}"));
                Llm("gpt-4o", 1800 + random.Next(1500), 300 + random.Next(400), 2 + (random.NextDouble() * 3), null);
                if (random.Next(100) < 20)
                {
                    error = $"Timeout after 30s calling search API (request {Guid(random)})";
                    errorType = random.Next(2) == 0 ? "TimeoutError" : "asyncio.TimeoutError";
                    t = start.AddSeconds(30 + (random.NextDouble() * 0.05));
                }

                break;
            case "code_review":
                var cheap = random.Next(100) < 30;
                var prompt = 2500 + random.Next(4000);
                var completion = 400 + random.Next(900);
                Tool("git_diff", 0.1 + (random.NextDouble() * 0.4), true, Json("pr", random.Next(1, 5000).ToString(CultureInfo.InvariantCulture)));
                if (cheap)
                {
                    Llm("gpt-4o-mini", prompt, completion, 1.5 + random.NextDouble(), null);
                }
                else
                {
                    Llm("gpt-4", prompt, completion, 6 + (random.NextDouble() * 6), (prompt * 30.0 / 1e6) + (completion * 60.0 / 1e6));
                }

                if (random.Next(100) < 6)
                {
                    error = "Review comment could not be posted: pull request is locked";
                    errorType = "PermissionError";
                }

                break;
            case "data_extraction":
                var table = Tables[random.Next(Tables.Length)];
                var sql = Json("sql", $"SELECT * FROM {table} WHERE batch = {random.Next(1, 40)}");
                Tool("db_query", 0.3 + random.NextDouble(), true, sql);
                if (random.Next(100) < 45)
                {
                    Tool("db_query", 0.3 + random.NextDouble(), true, sql); // The same call again: redundant.
                }

                Llm("gpt-4o-mini", 900 + random.Next(600), 150 + random.Next(200), 0.8 + random.NextDouble(), null);
                if (random.Next(100) < 18)
                {
                    error = $"Failed to parse record {random.Next(1, 999999)} in /data/batches/batch_{random.Next(1, 60)}.csv: unexpected token '{Tokens[random.Next(Tokens.Length)]}'";
                    errorType = "ValueError";
                }

                break;
            case "customer_support":
                var ticket = random.Next(1000, 99999).ToString(CultureInfo.InvariantCulture);
                var lookup = Json("ticket", ticket);
                if (random.Next(100) < 25)
                {
                    var message = $"Connection reset by peer while calling https://api.crm.example.com/v2/tickets/{ticket}";
                    Tool("crm_lookup", 0.5 + random.NextDouble(), false, lookup, message);
                    Tool("crm_lookup", 0.5 + random.NextDouble(), random.Next(100) < 60, lookup); // Retry of the same call.
                    if (random.Next(100) < 45)
                    {
                        error = message;
                        errorType = "ConnectionResetError";
                    }
                }
                else
                {
                    Tool("crm_lookup", 0.4 + (random.NextDouble() * 0.6), true, lookup);
                }

                Llm("claude-3-5-haiku", 1200 + random.Next(800), 200 + random.Next(300), 1 + random.NextDouble(), null);
                break;
            case "report_generation":
                Tool("db_query", 0.5 + random.NextDouble(), true, Json("sql", "SELECT region, sum(total) FROM sales GROUP BY region"));
                Llm("gpt-4o", 3000 + random.Next(2000), 800 + random.Next(600), 4 + (random.NextDouble() * 4), null);
                Tool("render_pdf", 5 + (random.NextDouble() * 8), true, Json("template", "quarterly"));
                break;
            default:
                Tool("fetch_document", 0.1 + (random.NextDouble() * 0.5), true, Json("doc", $"doc-{random.Next(100000)}"));
                Llm("gpt-4o-mini", 2000 + random.Next(2000), 200 + random.Next(200), 1 + random.NextDouble(), null);
                if (random.Next(1000) < 10)
                {
                    error = "Document is empty";
                    errorType = "ValueError";
                }

                break;
        }

        t = t.AddMilliseconds(random.Next(5, 200));
        var duration = Math.Round((t - start).TotalSeconds, 3);
        events.Add(error is null
            ? new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t, TaskId = taskId, TaskName = taskName, Duration = duration }
            : new ExecutionEvent
            {
                Kind = ExecutionEventKind.TaskError,
                EventName = "task_error",
                Timestamp = t,
                TaskId = taskId,
                TaskName = taskName,
                Duration = duration,
                Error = error,
                ErrorType = errorType,
                Traceback = $"Traceback (most recent call last):\n  File \"agent/{taskName}.py\", line {random.Next(20, 400)}, in run\n{errorType}: {error}",
            });
        return events;
    }

    private static string MalformedLine(Random random, ExecutionEvent e)
    {
        var ts = e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return random.Next(6) switch
        {
            0 => $"{{\"event\":\"task_start\",\"timestamp\":\"{ts}\",\"task_id\":\"{e.TaskId}\"",
            1 => $"{{\"event\":\"tool_execution\",\"timestamp\":\"{ts}\",\"tool_name\":\"web_search\",\"duration\":\"slow\"}}",
            2 => $"{{\"event\":\"task_start\",\"timestamp\":\"yesterday\",\"task_id\":\"{e.TaskId}\",\"task_name\":\"x\"}}",
            3 => "[1,2,3]",
            4 => $"{{\"event\":\"llm_interaction\",\"timestamp\":\"{ts}\",\"model\":\"gpt-4\",\"estimated_cost\":1e999}}",
            _ => "Traceback (most recent call last): not json",
        };
    }

    private static string Json(string key, string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(key, value);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    private static readonly string[] Words = ["climate", "policy", "battery", "market", "protein", "quantum", "election", "supply", "chain", "vaccine", "rust", "compiler"];
    private static readonly string[] Tables = ["orders", "invoices", "shipments", "customers"];
    private static readonly string[] Tokens = ["<", "}", "EOF", "\\x00", "NaN"];
}
