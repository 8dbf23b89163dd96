using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Storage;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.DependencyInjection;

public sealed class FleetBuilderExtensionsTests
{
    private static IAlphaLearningBuilder Builder(ServiceCollection services, Action<AlphaLearningOptions>? configure = null) =>
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.Path = "agent.yaml";
            o.Config.AllowMissingFile = true;
            configure?.Invoke(o);
        });

    [Fact]
    public void UseFleet_NameAndTimeout_SetTheLoopsFleetOptions()
    {
        var services = new ServiceCollection();
        Builder(services).UseFleet("web-1.eu", TimeSpan.FromMinutes(20));
        using var provider = services.BuildServiceProvider();

        var loop = provider.GetRequiredService<IOptions<AlphaLearningOptions>>().Value.Loop;

        loop.Fleet.Instance.Should().Be("web-1.eu");
        loop.Fleet.InstanceTimeout.Should().Be(TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void UseFleet_NoTimeout_KeepsTheConfiguredOne()
    {
        var services = new ServiceCollection();
        Builder(services, o => o.Loop.Fleet.InstanceTimeout = TimeSpan.FromHours(3)).UseFleet("web-2");
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<AlphaLearningOptions>>().Value.Loop.Fleet.InstanceTimeout.Should().Be(TimeSpan.FromHours(3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("web 1")]
    [InlineData("web/1")]
    [InlineData("a-name-of-sixty-five-characters-is-one-too-long-for-a-fleet-xxxxx")]
    public void UseFleet_InvalidName_ThrowsNamingTheSettingAndTheValue(string instance)
    {
        var act = () => Builder(new ServiceCollection()).UseFleet(instance);

        act.Should().Throw<ArgumentException>()
            .WithMessage($"*AlphaLearning:Loop:Fleet:Instance*'{instance}'*")
            .Which.ParamName.Should().Be("instance");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void UseFleet_TimeoutNotPositive_ThrowsNamingTheSetting(int minutes)
    {
        var act = () => Builder(new ServiceCollection()).UseFleet("web-1", TimeSpan.FromMinutes(minutes));

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*AlphaLearning:Loop:Fleet:InstanceTimeout*positive*")
            .Which.ParamName.Should().Be("instanceTimeout");
    }

    [Fact]
    public void UseFleet_TimeoutShorterThanTheScheduleInterval_FailsWhenTheLoopIsBuiltNamingBothSettings()
    {
        var services = new ServiceCollection();
        Builder(services, o =>
        {
            o.Loop.Schedule.Kind = ScheduleKind.Interval;
            o.Loop.Schedule.Interval = TimeSpan.FromHours(2);
        }).UseFleet("web-1", TimeSpan.FromMinutes(30));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<FeedbackLoop>();

        act.Should().Throw<OptionsValidationException>()
            .WithMessage("*AlphaLearning:Loop:Fleet:InstanceTimeout (00:30:00) is shorter than AlphaLearning:Loop:Schedule:Interval (02:00:00)*");
    }

    [Fact]
    public void UseFleet_TimeoutOfAtLeastTheInterval_Builds()
    {
        var services = new ServiceCollection();
        Builder(services, o =>
        {
            o.Loop.Schedule.Kind = ScheduleKind.Interval;
            o.Loop.Schedule.Interval = TimeSpan.FromHours(2);
        }).UseFleet("web-1", TimeSpan.FromHours(4));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<FeedbackLoop>().Should().NotBeNull();
    }

    [Fact]
    public async Task UseFleet_OnAPostgreSqlStore_TheLoopReportsThisInstancesEvidenceToTheStore()
    {
        using var folder = new TempFolder();
        var at = TimeProvider.System.GetUtcNow().AddHours(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var logs = folder.Write("agent.jsonl", "{\"event\":\"tool_execution\",\"timestamp\":\"" + at + "\",\"tool_name\":\"search\",\"duration\":1.5,\"success\":true}\n");
        var schema = PostgresTestStore.NewSchema();
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
            {
                o.Config.Path = folder.Write("agent.yaml", "tools:\n  search:\n    timeout: 10\n");
                o.Logs.Paths.Add(logs);
            })
            .UsePostgreSqlLearningStore(PostgresTestStore.ConnectionString, o => o.Schema = schema)
            .UseFleet("web-7");
        var provider = services.BuildServiceProvider();
        try
        {
            var report = await provider.GetRequiredService<FeedbackLoop>().RunCycleAsync();

            report.Status.Should().Be(CycleStatus.Completed, "{0}", report.Reason);
            var store = provider.GetRequiredService<PostgreSqlLearningStore>();
            var aggregate = (await store.GetFleetAggregatesAsync(DateTimeOffset.UnixEpoch)).Should().ContainSingle().Subject;
            aggregate.Instance.Should().Be("web-7");
            aggregate.Events.Should().Be(1);
        }
        finally
        {
            var store = provider.GetRequiredService<PostgreSqlLearningStore>();
            await provider.DisposeAsync();
            PostgresTestStore.Drop(store);
        }
    }
}
