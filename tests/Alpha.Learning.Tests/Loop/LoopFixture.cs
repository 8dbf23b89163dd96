using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Loop;

/// <summary>A loop over a temp config, a temp SQLite file, in-memory events and a fake clock.</summary>
internal sealed class LoopFixture : IAsyncDisposable
{
    public const string InitialConfig = "# agent config\ntools:\n  web_search:\n    timeout: 10   # seconds\n";

    private readonly TempFolder _folder = new();
    private ServiceProvider _services;

    public LoopFixture(Action<AlphaLearningOptions>? configure = null, string initialConfig = InitialConfig, bool hosted = false)
    {
        Configure = configure;
        Hosted = hosted;
        File.WriteAllText(ConfigPath, initialConfig);
        _services = Build();
    }

    public static DateTimeOffset T0 { get; } = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(T0);

    public ListLogSource Logs { get; } = new();

    public Action<AlphaLearningOptions>? Configure { get; }

    /// <summary>Gets whether the loop is registered as a hosted service (<c>AddHostedFeedbackLoop</c>).</summary>
    public bool Hosted { get; }

    public string ConfigPath => _folder.File("agent.yaml");

    public string DatabasePath => _folder.File("learning.db");

    public FeedbackLoop Loop => _services.GetRequiredService<FeedbackLoop>();

    public IServiceProvider Services => _services;

    public ILearningStore Store => _services.GetRequiredService<ILearningStore>();

    public ImprovementExecutor Executor => _services.GetRequiredService<ImprovementExecutor>();

    public string ConfigText => File.ReadAllText(ConfigPath);

    /// <summary>Runs of the task <c>research</c>, each calling <c>web_search</c> for <paramref name="toolSeconds"/>.</summary>
    public static IEnumerable<ExecutionEvent> SearchRuns(DateTimeOffset start, int count, Func<int, double> toolSeconds, TimeSpan spacing)
    {
        for (var i = 0; i < count; i++)
        {
            var t = start + (spacing * i);
            var id = $"r-{start.UtcTicks}-{i}";
            var seconds = toolSeconds(i);
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "research" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t.AddSeconds(seconds), TaskId = id, ToolName = "web_search", Duration = seconds, Success = true, Parameters = $"{{\"q\":\"{i}\"}}" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t.AddSeconds(seconds + 0.5), TaskId = id, TaskName = "research", Duration = seconds + 0.5 };
        }
    }

    /// <summary>Runs of the task <c>extract</c> that call <c>db_query</c> twice with the same parameters (a risky fix).</summary>
    public static IEnumerable<ExecutionEvent> RedundantRuns(DateTimeOffset start, int count, TimeSpan spacing)
    {
        for (var i = 0; i < count; i++)
        {
            var t = start + (spacing * i);
            var id = $"x-{start.UtcTicks}-{i}";
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = t, TaskId = id, TaskName = "extract" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t.AddSeconds(1), TaskId = id, ToolName = "db_query", Duration = 0.5, Success = true, Parameters = "{\"sql\":\"SELECT 1\"}" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = t.AddSeconds(2), TaskId = id, ToolName = "db_query", Duration = 0.5, Success = true, Parameters = "{\"sql\":\"SELECT 1\"}" };
            yield return new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = t.AddSeconds(3), TaskId = id, TaskName = "extract", Duration = 3 };
        }
    }

    /// <summary>Builds the services again over the same files, as a process restart would.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ILogSource>(Logs);
        var builder = services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = DatabasePath;
            o.Config.Path = ConfigPath;
            o.Loop.Mode = FeedbackLoopMode.SemiAuto;
            o.Loop.DryRunFirst = true;
            o.Loop.Schedule.Kind = ScheduleKind.Interval;
            o.Loop.Schedule.Interval = TimeSpan.FromHours(1);
            Configure?.Invoke(o);
        });
        if (Hosted)
        {
            builder.AddHostedFeedbackLoop();
        }

        return services.BuildServiceProvider();
    }
}
