using Alpha.Learning.Loop;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace ChatAgent;

/// <summary>
/// Serves a stream of simulated requests on the simulated clock: a request every few minutes, alternating research and
/// summarize. When the clock passes the loop's next run, it first flushes the tracing pipeline (the exporter writes on a
/// background thread a moment behind the host; a moment of real time is hours here), then waits (in real time) for the
/// hosted loop's cycle to finish, so the run is the same every time.
/// </summary>
public sealed class Simulation(IHost host, FakeTimeProvider clock)
{
    private static readonly string[] TaskTypes = ["research", "summarize"];
    private readonly AgentRunner _runner = host.Services.GetRequiredService<AgentRunner>();
    private readonly FeedbackLoop _loop = host.Services.GetRequiredService<FeedbackLoop>();
    private readonly TracerProvider? _tracing = host.Services.GetService<TracerProvider>();
    private long _served;

    /// <summary>Gets every request served so far.</summary>
    public List<RequestOutcome> Outcomes { get; } = [];

    /// <summary>Serves requests until the clock reaches <paramref name="until"/>.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, TimeSpan every, CancellationToken cancellationToken = default)
    {
        while (clock.GetUtcNow() < until)
        {
            var slot = clock.GetUtcNow();
            var task = TaskTypes[_served++ % TaskTypes.Length];
            Outcomes.Add(await _runner.RunAsync(task, cancellationToken).ConfigureAwait(false));
            var next = slot + every;
            var status = _loop.GetStatus();
            if (status.NextRun is { } due && due <= next)
            {
                var cycles = status.CycleCount;
                _tracing?.ForceFlush();
                clock.Advance(due - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
                await WaitForCycleAsync(cycles, cancellationToken).ConfigureAwait(false);
            }

            if (clock.GetUtcNow() < next)
            {
                clock.Advance(next - clock.GetUtcNow());
            }
        }
    }

    /// <summary>Waits (real time, at most 20 s) until the loop has finished a cycle past <paramref name="cycles"/>.</summary>
    public async Task WaitForCycleAsync(long cycles, CancellationToken cancellationToken = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            var status = _loop.GetStatus();
            if (status.CycleCount > cycles)
            {
                return;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        var last = _loop.GetStatus();
        throw new TimeoutException($"The feedback loop's scheduled cycle did not finish within 20 s of real time (cycles {last.CycleCount}, waiting past {cycles}, running {last.Running}, next run {last.NextRun:O}, now {clock.GetUtcNow():O}).");
    }
}
