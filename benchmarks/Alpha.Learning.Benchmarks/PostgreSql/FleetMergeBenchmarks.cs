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
/// tools, 3,000 task types, 1,000 models, each with 40 to 280 durations in its quantile sketch, outcome counts, cost and
/// tokens) and 200 error templates. Target (issue 18): under 1 s.
/// </summary>
[MemoryDiagnoser]
public class FleetMergeBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
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
            var evidence = Evidence(n, Subjects);
            var data = FleetEvidenceFormat.Write(evidence);
            _encoded.Add(data);
            _decoded.Add(FleetEvidenceFormat.Read(data, "setup"));
            _store.WriteFleetAggregateAsync(new FleetAggregate
            {
                Instance = "web-" + n.ToString(CultureInfo.InvariantCulture),
                PeriodStart = T0,
                PeriodEnd = T0.AddHours(1),
                ReportedAt = T0.AddHours(1),
                Events = evidence.Events,
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

    private static FleetEvidence Evidence(int instance, int subjects)
    {
        var random = new Random(1000 + instance);
        var evidence = new FleetEvidence();
        for (var i = 0; i < subjects; i++)
        {
            var kind = (i % 10) switch { < 6 => SubjectKind.Tool, < 9 => SubjectKind.Task, _ => SubjectKind.Model };
            var subject = evidence.GetOrAdd(kind, kind.ToString().ToLowerInvariant() + "_" + i.ToString(CultureInfo.InvariantCulture), int.MaxValue)!;
            var calls = 40 + (40 * ((i + instance) % 7));
            for (var c = 0; c < calls; c++)
            {
                var seconds = Math.Exp((random.NextDouble() * 3) - 1);
                subject.Durations.Add(seconds);
                if (seconds > 10)
                {
                    subject.AddSlow(T0.AddSeconds(c));
                }
            }

            subject.Count = calls;
            subject.Failures = calls / 20;
            subject.Successes = calls - subject.Failures;
            if (kind == SubjectKind.Model)
            {
                subject.Cost = calls * 0.002;
                subject.PromptTokens = calls * 900;
                subject.CompletionTokens = calls * 200;
            }

            evidence.Events += calls;
        }

        for (var t = 0; t < 200; t++)
        {
            var template = new TemplateEvidence
            {
                ErrorType = "Error" + (t % 20).ToString(CultureInfo.InvariantCulture),
                Transient = t % 2 == 0,
                Text = $"Request to service_{t} stage {t % 13} failed with status <*> after <*> ms",
                Count = 10 + t + instance,
                FirstSeen = T0.AddMinutes(t),
                LastSeen = T0.AddMinutes(t + 30),
            };
            template.Examples.Add($"Request to service_{t} stage {t % 13} failed with status 503 after 1200 ms");
            template.Tasks.Add("task_" + t.ToString(CultureInfo.InvariantCulture));
            template.Tools.Add("tool_" + t.ToString(CultureInfo.InvariantCulture));
            evidence.Templates.Add(template);
        }

        return evidence;
    }
}
