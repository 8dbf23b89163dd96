using System.Diagnostics;
using System.Text.RegularExpressions;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

using ChatAgent;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.ChatAgent.Tests;

/// <summary>
/// The sample host on the real stack (Microsoft.Extensions.AI, Polly, configuration reload, the hosted loop, SQLite,
/// JsonConfigStore), in process on a fake clock: planted problems are found and fixed in appsettings.json with its
/// comments intact, the running pipeline picks the fix up through reload, the verdict is improved; a planted harmful
/// routing is rolled back and the agent returns to the old model.
/// </summary>
public sealed partial class ChatAgentEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "alpha-chat-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<CycleReport> _reports = [];
    private IHost _host = null!;
    private string _original = string.Empty;

    private string Settings => Path.Combine(_root, "appsettings.json");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Settings);
        _original = await File.ReadAllTextAsync(Settings);
        _host = ChatAgentHost.Build(_root, _clock);
        _host.Services.GetRequiredService<FeedbackLoop>().CycleCompleted += (_, report) =>
        {
            lock (_reports)
            {
                _reports.Add(report);
            }
        };
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task HostedLoop_PlantedTightTimeout_RaisedInAppSettingsReloadedByThePipelineAndVerifiedImproved()
    {
        var pipeline = _host.Services.GetRequiredService<ResilientChatClient>();
        pipeline.Settings("research").Should().Be(new PipelineSettings(TimeSpan.FromSeconds(2), 0));
        var simulation = new Simulation(_host, _clock);

        // The loop runs every 12 hours. The retries of the transient 503s and the timeout raise both touch research, so
        // they are applied one at a time (each verdict sees one change): the timeout raise comes once the first is judged.
        var raised = DateTimeOffset.MinValue;
        while (_clock.GetUtcNow() < Start.AddDays(3) && raised == DateTimeOffset.MinValue)
        {
            await simulation.RunUntilAsync(_clock.GetUtcNow() + TimeSpan.FromHours(12), TimeSpan.FromMinutes(6));
            if ((await File.ReadAllTextAsync(Settings)).Contains("\"TimeoutSeconds\": 4 }", StringComparison.Ordinal))
            {
                raised = _clock.GetUtcNow();
            }
        }

        raised.Should().NotBe(DateTimeOffset.MinValue, "the loop raises the over-tight research timeout within three days");
        var text = await File.ReadAllTextAsync(Settings);
        Comments(text).Should().Equal(Comments(_original), "every comment of appsettings.json survives the edit");
        text.Should().Contain("\"research\": { \"TimeoutSeconds\": 4 }, // too tight: research takes 1.5-3.5 s");

        // The running pipeline picks the new timeout up through configuration reload: the next research call runs with it.
        await Eventually(() => pipeline.Settings("research").Timeout == TimeSpan.FromSeconds(4), "the running pipeline reloads the new timeout", simulation);
        await simulation.RunUntilAsync(_clock.GetUtcNow() + TimeSpan.FromHours(13), TimeSpan.FromMinutes(6));

        var raise = (await Executor().GetAppliedImprovementsAsync(ImprovementStatus.Applied)).Single(i => i.Changes[0].Path == "Agent:Tasks:research:TimeoutSeconds");
        Verdicts().Should().Contain((raise.Id, "improved"), "raising the over-tight timeout made research succeed more often");
    }

    [Fact]
    public async Task HostedLoop_PlantedHarmfulRouting_RolledBackAndTheAgentReturnsToTheOldModel()
    {
        var simulation = new Simulation(_host, _clock);
        await simulation.RunUntilAsync(Start.AddHours(11), TimeSpan.FromMinutes(6));
        _host.Services.GetRequiredService<SimulatedChatClient>().LastModel("summarize").Should().Be("small-model");
        var result = await Executor().ApplyRecommendationAsync(new ImprovementRecommendation
        {
            Id = "planted-routing",
            Title = "Route summarize to tiny-model",
            Rationale = "Planted by the test: tiny-model fails summarize.",
            Priority = Priority.High,
            ActionType = ActionType.ModelRouting,
            Confidence = 0.9,
            Risk = RiskLevel.Risky,
            PatternFingerprint = "planted",
            PatternType = PatternType.HighCostOperation,
            Subject = "task",
            Key = "summarize",
            TargetMetric = TargetMetric.SuccessRate,
            Changes = [new ConfigChange { Path = "Agent:Routing:summarize", OldValue = "small-model", NewValue = "tiny-model" }],
        }, new ApplyOptions { Approved = true }, CancellationToken.None);
        result.Outcome.Should().Be(ImprovementOutcome.Applied, result.Reason);
        await Eventually(() => simulation.Outcomes.Count > 0 && RoutedNow(simulation) == "tiny-model", "the agent routes to the planted model after reload", simulation);

        await simulation.RunUntilAsync(Start.AddDays(2) + TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6));

        var record = (await Executor().GetAppliedImprovementsAsync(null)).Single(i => i.Id == result.Improvement!.Id);
        Verdicts().Should().Contain((result.Improvement!.Id, "regressed"), $"the planted routing ends {record.Status}; cycles: {string.Join(" | ", _reports.Select(r => string.Join(", ", r.Verifications.Select(v => v.ImprovementId[..6] + ":" + v.Verdict))))}");
        (await Executor().GetAppliedImprovementsAsync(null)).Single(i => i.Id == result.Improvement.Id).Status.Should().Be(ImprovementStatus.RolledBack);
        (await File.ReadAllTextAsync(Settings)).Should().Contain("\"summarize\": \"small-model\",");
        await Eventually(() => RoutedNow(simulation) == "small-model", "the agent returns to the old model", simulation);
    }

    private static string RoutedNow(Simulation simulation) => simulation.Outcomes.LastOrDefault(o => o.TaskType == "summarize")?.Model ?? string.Empty;

    private ImprovementExecutor Executor() => _host.Services.GetRequiredService<ImprovementExecutor>();

    private List<(string Id, string Verdict)> Verdicts()
    {
        lock (_reports)
        {
            return [.. _reports.SelectMany(r => r.Verifications).Select(v => (v.ImprovementId, v.Verdict))];
        }
    }

    /// <summary>Waits in real time (configuration reload is a file watcher), serving a request now and then when given a simulation.</summary>
    private async Task Eventually(Func<bool> condition, string because, Simulation? simulation = null)
    {
        var watch = Stopwatch.StartNew();
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
            if (simulation is not null)
            {
                await simulation.RunUntilAsync(_clock.GetUtcNow() + TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(6));
            }
        }

        condition().Should().BeTrue(because);
    }

    private static List<string> Comments(string text) => [.. CommentRegex().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"//[^\r\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex CommentRegex();
}
