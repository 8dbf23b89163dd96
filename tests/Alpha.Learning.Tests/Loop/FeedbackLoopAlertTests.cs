using System.Text.Json;

using Alpha.Learning.LogGenerator;
using Alpha.Learning.Loop;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alpha.Learning.Tests.Loop;

/// <summary>The loop publishes alerts itself: each cycle runs the baseline-relative detection and sends through the sinks.</summary>
public sealed class FeedbackLoopAlertTests
{
    [Fact]
    public async Task HostedLoop_PlantedLatencyStep_WritesOneRaisedAlertToTheFileAndStaysQuietNextCycle()
    {
        var alertFile = Path.Combine(Path.GetTempPath(), $"alpha-loop-alerts-{Guid.NewGuid():N}.jsonl");
        await using var fixture = new LoopFixture(o =>
        {
            o.Loop.Mode = FeedbackLoopMode.Manual;
            o.Loop.DryRunFirst = false;
            o.Alerts.FilePath = alertFile;
            o.Alerts.LogAlerts = false;
        }, hosted: true);
        try
        {
            // Seventy days of a generated agent with a latency step in one tool, ending a week into the step.
            var scenario = RegressionScenarioGenerator.Create(7, planted: true, start: LoopFixture.T0);
            var step = scenario.Changes.Single(c => c.Kind == PlantedChangeKind.LatencyStep);
            var end = scenario.Start.AddDays(step.StartDay + 7);
            fixture.Logs.Add(RegressionScenarioGenerator.Events(scenario).Where(e => e.Timestamp < end));
            fixture.Time.Advance(end - fixture.Time.GetUtcNow());
            var reports = new List<CycleReport>();
            var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            fixture.Loop.CycleCompleted += (_, report) =>
            {
                lock (reports)
                {
                    reports.Add(report);
                }

                ran.TrySetResult();
            };
            var hosted = fixture.Services.GetServices<IHostedService>().Single();

            await hosted.StartAsync(CancellationToken.None);
            fixture.Time.Advance(TimeSpan.FromHours(1));
            await ran.Task.WaitAsync(TimeSpan.FromSeconds(60));
            ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await WaitForNextRunAsync(fixture, after: end.AddHours(1));
            fixture.Time.Advance(TimeSpan.FromHours(1));
            await ran.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await hosted.StopAsync(CancellationToken.None);

            var lines = await File.ReadAllLinesAsync(alertFile);
            var alerts = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var latency = alerts.Where(a => a.GetProperty("type").GetString() == "regression" && a.GetProperty("key").GetString() == step.Target).ToList();
            latency.Should().ContainSingle("the second cycle sees the same finding, which stays quiet until it worsens or the quiet period ends");
            latency[0].GetProperty("notification").GetString().Should().Be("raised");
            latency[0].GetProperty("evidence").GetProperty("p_value").GetDouble().Should().BeLessThan(0.01);
            reports.Should().HaveCount(2);
            reports[0].Alerts.Should().Contain(a => a.Key == step.Target && a.Notification == Alpha.Learning.Alerts.AlertNotification.Raised);
            reports[1].Alerts.Should().NotContain(a => a.Key == step.Target);
        }
        finally
        {
            File.Delete(alertFile);
        }
    }

    private static async Task WaitForNextRunAsync(LoopFixture fixture, DateTimeOffset after)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (fixture.Loop.GetStatus().NextRun is not { } next || next <= after)
        {
            Environment.TickCount64.Should().BeLessThan(deadline, "the loop should schedule its next run after a cycle");
            await Task.Yield();
        }
    }
}
