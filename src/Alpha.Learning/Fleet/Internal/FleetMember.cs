using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// This instance's part in a fleet: each cycle it sums up its own logs of the analysis window into an aggregate in the
/// shared store (whether or not it then holds the lease); holding the lease, it merges the newest aggregates of the
/// instances that reported within <see cref="FleetOptions.InstanceTimeout"/> into the fleet's evidence.
/// </summary>
internal sealed class FleetMember(IFleetStore store, ILogSource source, AnalysisOptions analysisOptions, FeedbackLoopOptions options, ILogger logger)
{
    public string Instance { get; } = options.Fleet.Instance ?? throw new ArgumentException("The fleet instance name is not set.", nameof(options));

    /// <summary>Reads this instance's logs from <paramref name="from"/> on and writes their aggregate, tagged with the instance and the period.</summary>
    public async Task<FleetEvidence> ReportAsync(DateTimeOffset from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = new LogQuery { Paths = [.. options.LogPaths], From = from, To = null };
        var context = new AnalysisContext { Options = analysisOptions, From = from, To = null, Now = now };
        var collector = new FleetEvidenceCollector(context);
        await foreach (var e in source.ReadAsync(query, null, cancellationToken).ConfigureAwait(false))
        {
            collector.Observe(e);
        }

        var evidence = collector.ToEvidence();
        await store.WriteFleetAggregateAsync(
            new FleetAggregate
            {
                Instance = Instance,
                PeriodStart = from,
                PeriodEnd = now,
                ReportedAt = now,
                Events = evidence.Events,
                Data = FleetEvidenceFormat.Write(evidence),
            },
            cancellationToken).ConfigureAwait(false);
        FleetLog.Reported(logger, Instance, evidence.Events, evidence.Templates.Count, evidence.Subjects.Count);
        return evidence;
    }

    /// <summary>Merges the newest aggregate of every instance that reported since <c>now − InstanceTimeout</c>; an aggregate that cannot be read is left out and named in the notes.</summary>
    public async Task<FleetMerge> MergeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var aggregates = await store.GetFleetAggregatesAsync(now - options.Fleet.InstanceTimeout, cancellationToken).ConfigureAwait(false);
        var parts = new List<FleetEvidence>(aggregates.Count);
        var instances = new List<string>(aggregates.Count);
        var notes = new List<string>();
        foreach (var aggregate in aggregates)
        {
            try
            {
                parts.Add(FleetEvidenceFormat.Read(aggregate.Data.Span, $"the instance '{aggregate.Instance}'"));
                instances.Add(aggregate.Instance);
            }
            catch (InvalidDataException ex)
            {
                FleetLog.Unreadable(logger, aggregate.Instance, ex.Message);
                notes.Add(ex.Message + " It was left out of the merge.");
            }
        }

        var merged = FleetEvidenceMerger.Merge(parts, analysisOptions);
        FleetLog.Merged(logger, instances.Count, merged.Events);
        return new FleetMerge(merged, instances, notes);
    }
}
