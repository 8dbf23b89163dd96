using System.Runtime.CompilerServices;

using Alpha.Learning.Alerts;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Tests.Fleet;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Loop;

/// <summary>The alert step's own pass over the logs (the baseline and trend span) is read once while the log files stay unchanged.</summary>
public sealed class CycleAlertsTests : IAsyncDisposable
{
    private const int SpanDays = 84 + 1; // the trend weeks (12 × 7, longer than baseline + window) and one day more

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(LoopFixture.T0);
    private ServiceProvider? _services;

    [Fact]
    public async Task RunCycleAsync_LogFilesUnchanged_AlertStepReadsThemOnceAndKeepsItsFinding()
    {
        // Seventy days of a generated agent with a latency step in one tool, ending a week into the step.
        var logs = Directory.CreateDirectory(_folder.File("logs")).FullName;
        var file = Path.Combine(logs, "agent.jsonl");
        var scenario = RegressionScenarioGenerator.Create(7, planted: true, start: LoopFixture.T0);
        var step = scenario.Changes.Single(c => c.Kind == PlantedChangeKind.LatencyStep);
        var end = scenario.Start.AddDays(step.StartDay + 7);
        FleetLogFiles.Write(file, RegressionScenarioGenerator.Events(scenario).Where(e => e.Timestamp < end));
        _time.Advance(end.AddHours(1) - _time.GetUtcNow());
        var source = new CountingLogSource(new JsonLinesLogSource());
        var loop = Loop(source, logs);

        var first = await loop.RunCycleAsync();
        var firstReads = source.Reads.Count;
        _time.Advance(TimeSpan.FromHours(1));
        var second = await loop.RunCycleAsync();
        var secondReads = source.Reads.Count - firstReads;
        _time.Advance(TimeSpan.FromHours(1));
        var unchanged = AlertReads(source);
        File.AppendAllText(file, File.ReadAllLines(file)[^1] + "\n");
        await loop.RunCycleAsync();
        var appended = AlertReads(source);

        first.Alerts.Should().Contain(a => a.Key == step.Target && a.Notification == AlertNotification.Raised);
        unchanged.Should().Be(1, "the second cycle found the log files unchanged and reused the first cycle's pass");
        secondReads.Should().Be(firstReads - 1, "the second cycle read the logs for its analysis and verification only, not for its alerts");
        second.Alerts.Should().BeEmpty("the same finding stays quiet (not resolved, not raised again)");
        var states = await ((IAlertStateStore)_services!.GetRequiredService<Alpha.Learning.Storage.ILearningStore>()).GetAlertStatesAsync(includeResolved: true);
        states.Should().Contain(s => s.Key == step.Target && s.Status == AlertStatus.Firing && s.TimesSent == 1);
        appended.Should().Be(2, "a file that grew is read again");
    }

    [Fact]
    public async Task RunCycleAsync_SpanStartPassesTheEarliestEventRead_AlertStepReadsAgain()
    {
        // Events over 90 days: each cycle's span (85 days back from its start) leaves out a few more of the oldest.
        var logs = Directory.CreateDirectory(_folder.File("logs")).FullName;
        FleetLogFiles.Write(Path.Combine(logs, "agent.jsonl"), LoopFixture.SearchRuns(LoopFixture.T0, 90 * 24, _ => 2, TimeSpan.FromHours(1)));
        _time.Advance(TimeSpan.FromDays(90));
        var source = new CountingLogSource(new JsonLinesLogSource());
        var loop = Loop(source, logs);

        await loop.RunCycleAsync();
        _time.Advance(TimeSpan.FromHours(2));
        await loop.RunCycleAsync();

        AlertReads(source).Should().Be(2, "two more hours of the oldest runs fall out of the span: only a new pass sees without them");
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private int AlertReads(CountingLogSource source) => source.Reads.Count(q => q.From is { } from && from <= _time.GetUtcNow().AddDays(-SpanDays));

    private FeedbackLoop Loop(ILogSource source, string logs)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(source);
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = _folder.File("learning.db");
            o.Config.Path = _folder.File("agent.yaml");
            o.Loop.Mode = FeedbackLoopMode.Manual;
            o.Loop.DryRunFirst = false;
            o.Loop.LogPaths = [logs];
            o.Alerts.FilePath = _folder.File("alerts.jsonl");
            o.Alerts.LogAlerts = false;
        });
        File.WriteAllText(_folder.File("agent.yaml"), LoopFixture.InitialConfig);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<FeedbackLoop>();
    }

    /// <summary>Passes another source's events through and notes every query it was asked.</summary>
    private sealed class CountingLogSource(ILogSource inner) : ILogSource
    {
        private readonly Lock _lock = new();
        private readonly List<LogQuery> _reads = [];

        public IReadOnlyList<LogQuery> Reads
        {
            get
            {
                lock (_lock)
                {
                    return [.. _reads];
                }
            }
        }

        public async IAsyncEnumerable<ExecutionEvent> ReadAsync(LogQuery query, LogReadStatistics? statistics = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                _reads.Add(query);
            }

            await foreach (var e in inner.ReadAsync(query, statistics, cancellationToken))
            {
                yield return e;
            }
        }
    }
}
