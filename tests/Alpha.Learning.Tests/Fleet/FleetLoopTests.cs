using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Loop;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Fleet;

public sealed class FleetLoopTests : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(LoopFixture.T0);
    private readonly List<ServiceProvider> _services = [];

    [Fact]
    public async Task RunCycleAsync_SlowCallsSpreadOverThreeInstances_AppliedOnceWhenTheMergedEvidenceIsEnough()
    {
        // 60 slow searches, 20 on each instance; a pattern needs 50: no instance alone, only the fleet sees it.
        var loops = Instances(3, (i, logs) => logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2).AddMinutes(i), 20, n => 6 + ((n % 5) * 0.5), TimeSpan.FromHours(1))));

        var first = await loops[0].Loop.RunCycleAsync();
        var second = await loops[1].Loop.RunCycleAsync();
        var third = await loops[2].Loop.RunCycleAsync();
        var again = await loops[0].Loop.RunCycleAsync();

        first.Count("applied").Should().Be(0, "one instance's 20 slow calls are below the 50 a pattern needs");
        second.Count("applied").Should().Be(0, "two instances' 40 are still below");
        third.Count("applied").Should().Be(1, third.Reason);
        third.Reason.Should().Contain("merged the evidence of 3 instance(s) (a, b, c)");
        again.Count("applied").Should().Be(0, "the change is applied once for the fleet");
        var store = loops[0].Store;
        (await store.GetImprovementsAsync(ImprovementStatus.Applied)).Should().ContainSingle();
        File.ReadAllText(_folder.File("agent.yaml")).Should().NotContain("timeout: 10 ");
    }

    [Fact]
    public async Task RunCycleAsync_InstanceSilentLongerThanTheTimeout_DropsOutOfTheMerge()
    {
        var loops = Instances(2, (i, logs) => logs.Add(LoopFixture.SearchRuns(LoopFixture.T0.AddDays(-2).AddMinutes(i), 30, n => 6, TimeSpan.FromHours(1))));
        await loops[0].Loop.RunCycleAsync();

        _time.Advance(TimeSpan.FromMinutes(61));
        var report = await loops[1].Loop.RunCycleAsync();

        report.Reason.Should().Contain("merged the evidence of 1 instance(s) (b)");
        report.Count("applied").Should().Be(0, "30 slow calls of b alone are below the 50 a pattern needs");
    }

    [Theory]
    [InlineData("web/1")]
    [InlineData("")]
    [InlineData("a name with spaces")]
    public void FeedbackLoop_BadInstanceName_IsRefusedNamingTheSettingAndValue(string name)
    {
        var services = Provider(name, new ListLogSource());

        var act = () => services.GetRequiredService<FeedbackLoop>();

        act.Should().Throw<OptionsValidationException>().WithMessage($"*Fleet:Instance '{name}'*");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private List<(FeedbackLoop Loop, ILearningStore Store)> Instances(int count, Action<int, ListLogSource> seed)
    {
        File.WriteAllText(_folder.File("agent.yaml"), LoopFixture.InitialConfig);
        var loops = new List<(FeedbackLoop, ILearningStore)>();
        for (var i = 0; i < count; i++)
        {
            var logs = new ListLogSource();
            seed(i, logs);
            var services = Provider(((char)('a' + i)).ToString(), logs);
            loops.Add((services.GetRequiredService<FeedbackLoop>(), services.GetRequiredService<ILearningStore>()));
        }

        return loops;
    }

    private ServiceProvider Provider(string instance, ListLogSource logs)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ILogSource>(logs);
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = _folder.File("learning.db");
            o.Config.Path = _folder.File("agent.yaml");
            o.Loop.Mode = FeedbackLoopMode.SemiAuto;
            o.Loop.Fleet.Instance = instance;
            o.Loop.Fleet.InstanceTimeout = TimeSpan.FromHours(1);
            o.Analysis.SlowMinOccurrences = 50;
        });
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider;
    }
}
