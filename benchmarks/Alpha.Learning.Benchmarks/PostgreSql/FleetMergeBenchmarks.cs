using System.Collections.Concurrent;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using BenchmarkDotNet.Attributes;

using Microsoft.Extensions.Logging.Abstractions;

namespace Alpha.Learning.Benchmarks.PostgreSql;

/// <summary>
/// The fleet leader's merge: the newest aggregate of each of 8 instances read from PostgreSQL, decoded and merged into the
/// fleet's evidence (<c>FleetMember.MergeAsync</c>, the code a cycle runs). Each instance saw the same 10,000 subjects (6,000
/// tools and 3,000 task types with 40 to 280 durations each in their quantile sketches, 1,000 models with about 480, outcome
/// counts, cost and tokens), 200 error templates and the other detectors' figures, all from its own events (see
/// <see cref="Evidence"/>). Target (issue 18): under 1 s.
/// </summary>
[MemoryDiagnoser]
public class FleetMergeBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    // The encoded aggregates, built once for all the benchmarks of a run (building one takes its 2 million events).
    private static readonly ConcurrentDictionary<(int Instance, int Subjects), (byte[] Data, long Events)> Aggregates = new();
    private PostgreSqlLearningStore? _store;
    private FleetMember _member = null!;
    private readonly List<FleetEvidence> _decoded = [];
    private readonly List<byte[]> _encoded = [];
    private AnalysisOptions _analysis = new();

    [Params(8)]
    public int Instances { get; set; }

    [Params(10_000)]
    public int Subjects { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = PostgresBenchServer.CreateStore();
        _analysis = new AnalysisOptions();
        var loop = new FeedbackLoopOptions { Fleet = { Instance = "leader" } };
        _member = new FleetMember(_store, _store, new JsonLinesLogSource(), _analysis, loop, NullLogger.Instance);
        for (var n = 0; n < Instances; n++)
        {
            var (data, events) = Aggregates.GetOrAdd((n, Subjects), key =>
            {
                var evidence = Evidence(key.Instance, key.Subjects, _analysis);
                return (FleetEvidenceFormat.Write(evidence), evidence.Events);
            });
            _encoded.Add(data);
            _decoded.Add(FleetEvidenceFormat.Read(data, "setup"));
            _store.WriteFleetAggregateAsync(new FleetAggregate
            {
                Instance = "web-" + n.ToString(CultureInfo.InvariantCulture),
                PeriodStart = T0,
                PeriodEnd = T0.AddHours(1),
                ReportedAt = T0.AddHours(1),
                Events = events,
                Data = data,
            }).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        PostgresBenchServer.Drop(_store);
        _store = null;
    }

    /// <summary>The store read, the decoding and the merge: what the leader's analysis step waits for.</summary>
    [Benchmark(Baseline = true)]
    public async Task<long> ReadAndMerge()
    {
        var merge = await _member.MergeAsync(T0.AddHours(1.5), CancellationToken.None);
        if (merge.Instances.Count != Instances || merge.Evidence.Subjects.Count != Subjects)
        {
            throw new InvalidOperationException($"Merged {merge.Instances.Count} instances and {merge.Evidence.Subjects.Count} subjects.");
        }

        return merge.Evidence.Events;
    }

    /// <summary>Only the store read of the 8 aggregates.</summary>
    [Benchmark]
    public async Task<int> ReadOnly() => (await _store!.GetFleetAggregatesAsync(T0)).Sum(a => a.Data.Length);

    /// <summary>Only the decoding of the 8 aggregates (no store, no merge).</summary>
    [Benchmark]
    public int DecodeOnly() => _encoded.Sum(data => FleetEvidenceFormat.Read(data, "bench").Subjects.Count);

    /// <summary>Only the merge of the already decoded evidence (no store, no decoding).</summary>
    [Benchmark]
    public int MergeOnly() => FleetEvidenceMerger.Merge(_decoded, _analysis).Subjects.Count;

    /// <summary>
    /// One instance's evidence as its collector builds it from its events (so the detectors' own figures, the block of
    /// aggregate format 3, are in it too): a tenth of the subjects are task types, six tenths tools (two a task type),
    /// one tenth models (each serving three task types); each task type runs 40 to 280 times, each run calling its two
    /// tools (the first twice with the same parameters every tenth run), one model, and ending in a success, an error or
    /// a timeout; durations carry the full precision of a host's clock difference; tool failures fall into 200 error templates.
    /// </summary>
    private static FleetEvidence Evidence(int instance, int subjects, AnalysisOptions options)
    {
        var random = new Random(1000 + instance);
        var collector = new FleetEvidenceCollector(new AnalysisContext { Options = options, Now = T0.AddHours(1) });
        var tasks = subjects / 10 * 3;
        var models = subjects / 10;
        long run = 0;
        for (var i = 0; i < tasks; i++)
        {
            var task = "task_" + Inv(i);
            var tools = new[] { "tool_" + Inv(2 * i), "tool_" + Inv((2 * i) + 1) };
            var model = "model_" + Inv(i % models);
            var runs = 40 + (40 * ((i + instance) % 7));
            for (var r = 0; r < runs; r++)
            {
                var id = Inv(instance) + "-" + Inv(run++);
                var at = T0.AddSeconds(random.NextDouble() * 3000);
                collector.Observe(new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = at, TaskId = id, TaskName = task });
                var calls = r % 10 == 0 ? new[] { tools[0], tools[0], tools[1] } : tools;
                foreach (var tool in calls)
                {
                    at = at.AddSeconds(1);
                    var failed = random.NextDouble() < 0.05;
                    var template = (i + r) % 200;
                    collector.Observe(new ExecutionEvent
                    {
                        Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = at, TaskId = id, TaskName = task,
                        ToolName = tool, Parameters = "{\"q\":\"" + Inv(r % 10 == 0 ? 0 : r) + "\"}", Duration = Seconds(random), Success = !failed,
                        Error = failed ? $"Request to service_{template} stage {template % 13} failed with status {500 + (r % 4)} after {random.Next(100, 5000)} ms" : null,
                        ErrorType = failed ? "Error" + Inv(template % 20) : null,
                    });
                }

                collector.Observe(new ExecutionEvent
                {
                    Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = at.AddSeconds(1), TaskId = id, TaskName = task,
                    Provider = "openai", Model = model, Duration = Seconds(random), PromptTokens = 900, CompletionTokens = 200, TotalTokens = 1100, EstimatedCost = 0.002,
                });
                var outcome = random.NextDouble();
                collector.Observe(outcome < 0.9
                    ? new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = at.AddSeconds(2), TaskId = id, TaskName = task, Duration = 3 * Seconds(random) }
                    : new ExecutionEvent
                    {
                        Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = at.AddSeconds(2), TaskId = id, TaskName = task,
                        ErrorType = outcome < 0.95 ? "TimeoutError" : "ValueError",
                        Error = outcome < 0.95 ? "Task timed out after 30 seconds" : "Invalid value for field_" + Inv(i % 50),
                    });
            }
        }

        return collector.ToEvidence();
    }

    // A duration as a host's clock difference gives it: every bit of the double in use (the worst case for the aggregate's size).
    private static double Seconds(Random random) => Math.Exp((random.NextDouble() * 3) - 1);

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);
}
