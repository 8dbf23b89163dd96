using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;

using Microsoft.Extensions.Logging;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// This instance's part in a fleet: each cycle it sums up its own logs of the analysis window into an aggregate in the
/// shared store (whether or not it then holds the lease), with its measures of the applied improvements awaiting a
/// verdict; holding the lease, it merges the newest aggregates of the instances that reported within
/// <see cref="FleetOptions.InstanceTimeout"/> into the fleet's evidence.
/// </summary>
/// <remarks>
/// The logs are read again only when they may have changed: when the files under <see cref="FeedbackLoopOptions.LogPaths"/>
/// changed (name, size or time of last write), when the improvements to measure changed, or a quarter of the instance
/// timeout after the last read (the analysis window moves on). Otherwise the last aggregate stands, and is written again
/// (to stay in the merge) only a quarter of the instance timeout after it was last written. Without log paths (a host's
/// own log source) the logs are read at every report. Called under the loop's cycle lock, one report at a time.
/// </remarks>
internal sealed class FleetMember(IFleetStore store, IImprovementStore improvements, ILogSource source, AnalysisOptions analysisOptions, FeedbackLoopOptions options, ILogger logger)
{
    private readonly Dictionary<string, RecommendationScope> _scopes = new(StringComparer.Ordinal);
    private LastReport? _last;

    public string Instance { get; } = options.Fleet.Instance ?? throw new ArgumentException("The fleet instance name is not set.", nameof(options));

    /// <summary>Gets how many reports read the logs, and how many reused the last read (for tests and figures).</summary>
    public (long Read, long Reused) Reports { get; private set; }

    /// <summary>Reads this instance's logs from <paramref name="from"/> on (unless unchanged) and writes their aggregate, tagged with the instance and the period.</summary>
    public async Task ReportAsync(DateTimeOffset from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fresh = options.Fleet.InstanceTimeout / 4;
        var waiting = await OutcomeTargets.WaitingAsync(improvements, new HashSet<string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        var targets = await OutcomeTargets.BuildAsync(improvements, waiting, now, _scopes, cancellationToken).ConfigureAwait(false);
        var targetsKey = string.Join('\n', targets.Select(Key));
        var logsKey = LogFolderFingerprint.Compute(options.LogPaths);
        if (_last is { } last && logsKey is not null && logsKey == last.LogsKey && targetsKey == last.TargetsKey && now - last.ReadAt < fresh)
        {
            Reports = (Reports.Read, Reports.Reused + 1);
            if (now - last.WrittenAt >= fresh)
            {
                await WriteAsync(last.Data, last.Events, last.From, now, cancellationToken).ConfigureAwait(false);
                _last = last with { WrittenAt = now };
            }

            return;
        }

        var query = new LogQuery { Paths = [.. options.LogPaths], From = from, To = null };
        var context = new AnalysisContext { Options = analysisOptions, From = from, To = null, Now = now };
        var collector = new FleetEvidenceCollector(context);
        var outcomes = new TaskOutcomeCollector(analysisOptions, targets);
        await foreach (var e in source.ReadAsync(OutcomeTargets.Widen(query, targets, options.AnalysisWindowDays), null, cancellationToken).ConfigureAwait(false))
        {
            if (query.Contains(e.Timestamp))
            {
                collector.Observe(e);
            }

            outcomes.Observe(e);
        }

        var evidence = collector.ToEvidence();
        foreach (var target in targets)
        {
            evidence.Outcomes[target.Improvement.Id] = FleetOutcome.From(target, now);
        }

        var data = FleetEvidenceFormat.Write(evidence);
        await WriteAsync(data, evidence.Events, from, now, cancellationToken).ConfigureAwait(false);
        _last = new LastReport(logsKey, targetsKey, now, now, from, data, evidence.Events);
        Reports = (Reports.Read + 1, Reports.Reused);
        FleetLog.Reported(logger, Instance, evidence.Events, evidence.Templates.Count, evidence.Subjects.Count);
    }

    /// <summary>Merges the newest aggregate of every instance that reported since <c>now − InstanceTimeout</c>; an aggregate that cannot be read is left out and named in the notes.</summary>
    public async Task<FleetMerge> MergeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<FleetAggregate> aggregates;
        (FleetEvidence? Evidence, InvalidDataException? Error)[] decoded;
        if (store is IStreamingFleetStore streaming)
        {
            // Each aggregate decoded while the next is read.
            var handed = new List<FleetAggregate>();
            var started = new List<Task<(FleetEvidence? Evidence, InvalidDataException? Error)>>();
            try
            {
                aggregates = await streaming.GetFleetAggregatesAsync(
                    now - options.Fleet.InstanceTimeout,
                    aggregate =>
                    {
                        handed.Add(aggregate);
                        started.Add(FleetAggregateDecoder.DecodeAsync(aggregate));
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The read failed or was cancelled: the decodes already started finish (and are observed) before the error goes on.
                await ((Task)Task.WhenAll(started)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            decoded = await Task.WhenAll(started).ConfigureAwait(false);
            if (!handed.SequenceEqual(aggregates, ReferenceEqualityComparer.Instance))
            {
                // A store that did not hand over each aggregate of its list once, in its order: the evidence would be
                // paired with another instance's name.
                decoded = FleetAggregateDecoder.Decode(aggregates);
            }
        }
        else
        {
            aggregates = await store.GetFleetAggregatesAsync(now - options.Fleet.InstanceTimeout, cancellationToken).ConfigureAwait(false);
            decoded = FleetAggregateDecoder.Decode(aggregates);
        }

        var parts = new List<FleetEvidence>(aggregates.Count);
        var instances = new List<string>(aggregates.Count);
        var notes = new List<string>();
        var outcomes = new Dictionary<string, List<(string Instance, FleetOutcome Outcome)>>(StringComparer.Ordinal);
        for (var i = 0; i < aggregates.Count; i++)
        {
            var aggregate = aggregates[i];
            if (decoded[i] is not (FleetEvidence part, _))
            {
                var message = decoded[i].Error!.Message;
                FleetLog.Unreadable(logger, aggregate.Instance, message);
                notes.Add(message + " It was left out of the merge.");
                continue;
            }

            parts.Add(part);
            instances.Add(aggregate.Instance);
            foreach (var (id, outcome) in part.Outcomes)
            {
                if (!outcomes.TryGetValue(id, out var list))
                {
                    outcomes[id] = list = [];
                }

                list.Add((aggregate.Instance, outcome));
            }
        }

        var merged = FleetEvidenceMerger.Merge(parts, analysisOptions);
        FleetLog.Merged(logger, instances.Count, merged.Events);
        return new FleetMerge(merged, instances, notes, outcomes);
    }

    private static string Key(OutcomeTarget t) =>
        Inv($"{t.Improvement.Id}|{t.Split.UtcTicks}|{t.BeforeFrom?.UtcTicks ?? -1}|{t.AfterTo?.UtcTicks ?? -1}|{string.Join(',', t.Excluded.Select(x => Inv($"{x.From.UtcTicks}-{x.To.UtcTicks}")))}");

    private Task WriteAsync(byte[] data, long events, DateTimeOffset from, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.WriteFleetAggregateAsync(
            new FleetAggregate { Instance = Instance, PeriodStart = from, PeriodEnd = now, ReportedAt = now, Events = events, Data = data },
            cancellationToken);

    private sealed record LastReport(string? LogsKey, string TargetsKey, DateTimeOffset ReadAt, DateTimeOffset WrittenAt, DateTimeOffset From, byte[] Data, long Events);
}
