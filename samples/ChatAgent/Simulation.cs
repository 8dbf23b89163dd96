using Alpha.Learning.Loop;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using OpenTelemetry.Trace;

namespace ChatAgent;

/// <summary>
/// Serves a stream of simulated requests on the simulated clock: a request every few minutes, alternating research and
/// summarize. When the clock passes the loop's next run, it first flushes the tracing pipeline (the exporter writes on a
/// background thread a moment behind the host), then waits (in real time) for the hosted loop's cycle to finish, and
/// when the cycle changed appsettings.json, for the configuration reload to reach the options (a file watcher, a
/// quarter of a second later). On a real clock both lags are negligible; here a moment of real time is hours of
/// simulated traffic, which would otherwise run on settings the host no longer has and be judged as the new ones.
/// </summary>
public sealed class Simulation
{
    private static readonly string[] TaskTypes = ["research", "summarize"];
    private readonly FakeTimeProvider _clock;
    private readonly AgentRunner _runner;
    private readonly FeedbackLoop _loop;
    private readonly TracerProvider? _tracing;
    private readonly string _settings;
    private long _served;
    private long _reloads;

    public Simulation(IHost host, FakeTimeProvider clock)
    {
        _clock = clock;
        _runner = host.Services.GetRequiredService<AgentRunner>();
        _loop = host.Services.GetRequiredService<FeedbackLoop>();
        _tracing = host.Services.GetService<TracerProvider>();
        _settings = Path.Combine(host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath, "appsettings.json");
        host.Services.GetRequiredService<IOptionsMonitor<AgentOptions>>().OnChange(_ => Interlocked.Increment(ref _reloads));
    }

    /// <summary>Gets every request served so far.</summary>
    public List<RequestOutcome> Outcomes { get; } = [];

    /// <summary>Serves requests until the clock reaches <paramref name="until"/>.</summary>
    public async Task RunUntilAsync(DateTimeOffset until, TimeSpan every, CancellationToken cancellationToken = default)
    {
        while (_clock.GetUtcNow() < until)
        {
            var slot = _clock.GetUtcNow();
            var task = TaskTypes[_served++ % TaskTypes.Length];
            Outcomes.Add(await _runner.RunAsync(task, cancellationToken).ConfigureAwait(false));
            var next = slot + every;
            var status = _loop.GetStatus();
            if (status.NextRun is { } due && due <= next)
            {
                var cycles = status.CycleCount;
                var reloads = Interlocked.Read(ref _reloads);
                var settings = await File.ReadAllBytesAsync(_settings, cancellationToken).ConfigureAwait(false);
                _tracing?.ForceFlush();
                _clock.Advance(due - _clock.GetUtcNow() + TimeSpan.FromSeconds(1));
                await WaitForCycleAsync(cycles, cancellationToken).ConfigureAwait(false);
                var changed = await File.ReadAllBytesAsync(_settings, cancellationToken).ConfigureAwait(false);
                if (!settings.AsSpan().SequenceEqual(changed))
                {
                    await WaitForReloadAsync(reloads, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_clock.GetUtcNow() < next)
            {
                _clock.Advance(next - _clock.GetUtcNow());
            }
        }
    }

    /// <summary>Waits (real time, at most 20 s) until the options have reloaded since <paramref name="reloads"/> reloads.</summary>
    public async Task WaitForReloadAsync(long reloads, CancellationToken cancellationToken = default)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Interlocked.Read(ref _reloads) <= reloads)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"appsettings.json changed in the loop's cycle, but the options did not reload within 20 s of real time (now {_clock.GetUtcNow():O}).");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
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
        throw new TimeoutException($"The feedback loop's scheduled cycle did not finish within 20 s of real time (cycles {last.CycleCount}, waiting past {cycles}, running {last.Running}, next run {last.NextRun:O}, now {_clock.GetUtcNow():O}).");
    }
}
