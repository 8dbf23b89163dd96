using Alpha.Learning.Alerts;
using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The parts behind the <see cref="FeedbackLoop"/> façade, wired once: the cycle lease, the verification, alert and
/// fleet steps, and the runner that drives a cycle through them; and the heartbeat the scheduled loop keeps.
/// </summary>
internal static class LoopParts
{
    public static (CycleLease Lease, CycleRunner Runner) Create(
        LogAnalyzer analyzer,
        ILogSource source,
        ImprovementExecutor executor,
        IConfigStore? configStore,
        ILearningStore store,
        FeedbackLoopOptions options,
        AnalysisOptions analysisOptions,
        TimeProvider time,
        ILogger logger,
        AlertPublisher? alerts)
    {
        var lease = new CycleLease(store, LeaseOwner.Create(), time, options.CycleLeaseDuration);
        var verification = new ImprovementVerification(source, executor, store, store, options, analysisOptions, time, logger, lease);
        var alertStep = alerts is null ? null : new CycleAlerts(source, analysisOptions, alerts, store, time, logger);
        FleetMember? fleet = null;
        if (options.Fleet.Instance is not null)
        {
            var fleetStore = store as IFleetStore ?? throw new InvalidOperationException(
                $"FeedbackLoop:Fleet:Instance is set ('{options.Fleet.Instance}'), but the learning store {store.GetType().Name} does not keep fleet aggregates (it does not implement IFleetStore).");
            fleet = new FleetMember(fleetStore, store, source, analysisOptions, options, logger);
        }

        return (lease, new CycleRunner(analyzer, executor, store, options, lease, verification, time, logger, configStore, alertStep, fleet));
    }

    /// <summary>Writes the heartbeat of a running loop, or removes it when the loop stopped; never fails the loop (a store it cannot reach is logged).</summary>
    public static async Task BeatAsync(ILearningStore store, string owner, bool running, DateTimeOffset now, DateTimeOffset? next, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (running)
            {
                await LoopHeartbeat.WriteAsync(store, owner, now, next, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await store.SetStateAsync(LoopHeartbeat.StateKey, null, now, cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A heartbeat that cannot be written (store unreachable) is logged; the loop goes on.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.SchedulerError(logger, ex);
        }
    }
}
