using System.Net;
using System.Text.Json;

using Alpha.Learning.Alerts;
using Alpha.Learning.Alerts.Internal;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Alerts;

public sealed class AlertPublisherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PublishAsync_SameFindingTwice_SendsOnceThenStaysQuiet()
    {
        var (publisher, sink, _) = Create();

        var first = await publisher.PublishAsync([Finding("web_search", 2.0)]);
        var second = await publisher.PublishAsync([Finding("web_search", 2.1)]);

        first.Sent.Should().ContainSingle().Which.Notification.Should().Be(AlertNotification.Raised);
        second.Sent.Should().BeEmpty();
        second.Suppressed.Should().Be(1);
        sink.Alerts.Should().HaveCount(1);
    }

    [Fact]
    public async Task PublishAsync_EffectGrowsPastTheFactor_SendsWorsened()
    {
        var (publisher, sink, _) = Create();
        await publisher.PublishAsync([Finding("web_search", 2.0)]);

        var result = await publisher.PublishAsync([Finding("web_search", 3.0)]);

        result.Sent.Should().ContainSingle().Which.Notification.Should().Be(AlertNotification.Worsened);
        sink.Alerts.Should().HaveCount(2);
    }

    [Fact]
    public async Task PublishAsync_AfterTheQuietPeriod_SendsAReminder()
    {
        var (publisher, _, clock) = Create();
        await publisher.PublishAsync([Finding("web_search", 2.0)]);
        clock.Advance(TimeSpan.FromHours(25));

        var result = await publisher.PublishAsync([Finding("web_search", 2.0)]);

        result.Sent.Should().ContainSingle().Which.Notification.Should().Be(AlertNotification.Reminder);
    }

    [Fact]
    public async Task PublishAsync_FindingGone_SendsResolvedOnce()
    {
        var (publisher, _, _) = Create();
        await publisher.PublishAsync([Finding("web_search", 2.0)]);

        var resolved = await publisher.PublishAsync([]);
        var after = await publisher.PublishAsync([]);

        resolved.Sent.Should().ContainSingle().Which.Notification.Should().Be(AlertNotification.Resolved);
        after.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task PublishAsync_ImprovementAppliedInScope_AttributesInsteadOfAlerting()
    {
        var (publisher, sink, _) = Create();
        var improvement = new ImprovementRecord
        {
            Id = "imp-1",
            RecommendationId = "rec-1",
            PatternFingerprint = "fp",
            PatternType = PatternType.SlowOperation,
            Title = "Bound web_search",
            ActionType = ActionType.ToolStrategy,
            Status = ImprovementStatus.Applied,
            CreatedAt = Now.AddDays(-3),
            AppliedAt = Now.AddDays(-3),
            Changes = [new ConfigChange { Path = "tools.web_search.timeout", NewValue = 5L }],
        };

        var result = await publisher.PublishAsync([Finding("web_search", 2.0), Finding("fetch_page", 2.0)], [improvement]);

        result.Attributed.Should().ContainSingle().Which.Value.Should().Be("imp-1");
        sink.Alerts.Should().ContainSingle().Which.Key.Should().Be("fetch_page");
    }

    [Fact]
    public async Task PublishAsync_BelowMinSeverity_IsNotSent()
    {
        var (publisher, sink, _) = Create(o => o.MinSeverity = Priority.Critical);

        await publisher.PublishAsync([Finding("web_search", 2.0)]);

        sink.Alerts.Should().BeEmpty();
    }

    [Fact]
    public async Task PublishAsync_SinkThrows_OtherSinksStillGetTheAlert()
    {
        var good = new RecordingSink();
        var publisher = new AlertPublisher([new ThrowingSink(), good], null, Options.Create(new AlertOptions()), new FakeTimeProvider(Now));

        var result = await publisher.PublishAsync([Finding("web_search", 2.0)]);

        result.Failures.Should().Be(1);
        good.Alerts.Should().ContainSingle();
    }

    [Fact]
    public async Task SqliteStore_AlertStates_SurviveAReopen()
    {
        var folder = Directory.CreateTempSubdirectory("alpha-alerts-");
        try
        {
            var path = Path.Combine(folder.FullName, "learning.db");
            using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
            {
                var publisher = new AlertPublisher([new RecordingSink()], store, Options.Create(new AlertOptions()), new FakeTimeProvider(Now));
                await publisher.PublishAsync([Finding("web_search", 2.0)]);
            }

            using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = path }))
            {
                var sink = new RecordingSink();
                var publisher = new AlertPublisher([sink], store, Options.Create(new AlertOptions()), new FakeTimeProvider(Now.AddHours(1)));
                var result = await publisher.PublishAsync([Finding("web_search", 2.0)]);

                result.Suppressed.Should().Be(1);
                sink.Alerts.Should().BeEmpty();
                var states = await store.GetAlertStatesAsync(includeResolved: true);
                states.Should().ContainSingle().Which.Should().Match<AlertState>(s => s.Status == AlertStatus.Firing && s.TimesSent == 1 && s.Severity == Priority.High);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task FileSink_WritesOneJsonLinePerAlert()
    {
        var folder = Directory.CreateTempSubdirectory("alpha-alerts-");
        try
        {
            var path = Path.Combine(folder.FullName, "sub", "alerts.jsonl");
            using var sink = new JsonLinesFileAlertSink(path);
            var publisher = new AlertPublisher([sink], null, Options.Create(new AlertOptions()), new FakeTimeProvider(Now));

            await publisher.PublishAsync([Finding("web_search", 2.0), Finding("fetch_page", 3.0)]);

            var lines = await File.ReadAllLinesAsync(path);
            lines.Should().HaveCount(2);
            using var json = JsonDocument.Parse(lines[0]);
            json.RootElement.GetProperty("notification").GetString().Should().Be("raised");
            json.RootElement.GetProperty("type").GetString().Should().Be("regression");
            json.RootElement.GetProperty("evidence").GetProperty("p_value").GetDouble().Should().BeLessThan(0.01);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WebhookSink_TransientFailures_RetriesUntilDelivered()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        var options = new AlertOptions { WebhookUrl = "https://hooks.example/alerts", WebhookInitialBackoff = TimeSpan.Zero };
        await using var sink = new WebhookAlertSink(options, new HttpClient(handler), TimeProvider.System, NullLogger<WebhookAlertSink>.Instance);
        var publisher = new AlertPublisher([sink], null, Options.Create(options), TimeProvider.System);

        await publisher.PublishAsync([Finding("web_search", 2.0)]);
        await publisher.FlushAsync(TimeSpan.FromSeconds(30));

        handler.Calls.Should().Be(3);
        handler.Bodies.Should().OnlyContain(b => b.Contains("\"fingerprint\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebhookSink_ClientError_IsNotRetried()
    {
        var handler = new ScriptedHandler(HttpStatusCode.BadRequest, HttpStatusCode.OK);
        var options = new AlertOptions { WebhookUrl = "https://hooks.example/alerts", WebhookInitialBackoff = TimeSpan.Zero };
        await using var sink = new WebhookAlertSink(options, new HttpClient(handler), TimeProvider.System, NullLogger<WebhookAlertSink>.Instance);

        await sink.SendAsync(new Alert { Fingerprint = "f", Notification = AlertNotification.Raised, PatternType = PatternType.Regression, Subject = "tool", Key = "k", Severity = Priority.High, Description = "d", At = Now, FirstRaisedAt = Now });
        await sink.FlushAsync(TimeSpan.FromSeconds(30));

        handler.Calls.Should().Be(1);
    }

    [Fact]
    public async Task AddAlphaLearning_HostRegistersAKeyedWebhookClient_TheWebhookPostsThroughTheHostsHandler()
    {
        // What services.AddHttpClient(AlertOptions.WebhookHttpClientName).AddStandardResilienceHandler().AddAsKeyed()
        // registers: a keyed HttpClient over the host's handler chain. The sink must use it, not a client of its own.
        using var folder = new TempFolder();
        var handler = new ScriptedHandler(HttpStatusCode.OK);
        var services = new ServiceCollection();
        services.AddKeyedScoped(AlertOptions.WebhookHttpClientName, (_, _) => new HttpClient(handler, disposeHandler: false));
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = folder.File("learning.db");
            o.Config.Path = folder.Write("agent.yaml", "tools: {}\n");
            o.Alerts.WebhookUrl = "https://hooks.example/alerts";
            o.Alerts.LogAlerts = false;
        });
        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }))
        {
            var publisher = provider.GetRequiredService<AlertPublisher>();

            await publisher.PublishAsync([Finding("web_search", 2.0), Finding("fetch_page", 3.0)]);
            await publisher.FlushAsync(TimeSpan.FromSeconds(30));
        }

        SqliteConnection.ClearAllPools();
        handler.Calls.Should().Be(2);
        handler.Bodies.Should().OnlyContain(b => b.Contains("\"notification\":\"raised\"", StringComparison.Ordinal));
    }

    [Fact]
    public void WebhookSink_NotAnHttpUrl_IsRefusedWithTheUrl()
    {
        var act = () => new WebhookAlertSink(new AlertOptions { WebhookUrl = "file:///etc/passwd" }, (HttpClient?)null, TimeProvider.System, NullLogger<WebhookAlertSink>.Instance);

        act.Should().Throw<ArgumentException>().WithMessage("*file:///etc/passwd*");
    }

    private static (AlertPublisher Publisher, RecordingSink Sink, FakeTimeProvider Clock) Create(Action<AlertOptions>? configure = null)
    {
        var options = new AlertOptions();
        configure?.Invoke(options);
        var sink = new RecordingSink();
        var clock = new FakeTimeProvider(Now);
        return (new AlertPublisher([sink], null, Options.Create(options), clock), sink, clock);
    }

    private static LogPattern Finding(string tool, double ratio) => new()
    {
        Type = PatternType.Regression,
        Subject = LogPattern.ToolSubject,
        Key = tool,
        Description = $"Tool {tool}: p95 ×{ratio}",
        Occurrences = 100,
        ImpactScore = 0.75,
        FirstSeen = Now.AddDays(-7),
        LastSeen = Now,
        Metadata = new Dictionary<string, object>
        {
            ["subject"] = LogPattern.ToolSubject,
            ["severity"] = "high",
            ["metric"] = "p95_duration",
            ["effect"] = ratio,
            ["p_value"] = 1e-6,
            ["baseline_from"] = Now.AddDays(-35).ToString("O"),
            ["window_to"] = Now.ToString("O"),
        },
    };

    private sealed class RecordingSink : IAlertSink
    {
        public List<Alert> Alerts { get; } = [];

        public string Name => "recording";

        public Task SendAsync(Alert alert, CancellationToken cancellationToken = default)
        {
            Alerts.Add(alert);
            return Task.CompletedTask;
        }

        public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class ThrowingSink : IAlertSink
    {
        public string Name => "throwing";

        public Task SendAsync(Alert alert, CancellationToken cancellationToken = default) => throw new InvalidOperationException("down");

        public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class ScriptedHandler(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
            }

            var call = Interlocked.Increment(ref _calls);
            return new HttpResponseMessage(answers[Math.Min(call, answers.Length) - 1]);
        }
    }
}
