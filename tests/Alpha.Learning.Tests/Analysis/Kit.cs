using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Tests.Analysis;

/// <summary>Builds events and runs analyses for the tests.</summary>
internal static class Kit
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(T0.AddDays(1));

    public static ExecutionEvent TaskStart(string taskId, string task, int second = 0) => new()
    {
        Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = T0.AddSeconds(second), TaskId = taskId, TaskName = task,
    };

    public static ExecutionEvent TaskComplete(string taskId, string task, double? duration = null, int second = 0) => new()
    {
        Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = T0.AddSeconds(second), TaskId = taskId, TaskName = task, Duration = duration,
    };

    public static ExecutionEvent TaskError(string taskId, string task, string error, string? errorType, double? duration = null, int second = 0) => new()
    {
        Kind = ExecutionEventKind.TaskError, EventName = "task_error", Timestamp = T0.AddSeconds(second), TaskId = taskId, TaskName = task, Error = error, ErrorType = errorType, Duration = duration,
    };

    public static ExecutionEvent Tool(string? taskId, string tool, double? duration = null, string? parameters = null, bool success = true, string? error = null, int second = 0) => new()
    {
        Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = T0.AddSeconds(second), TaskId = taskId, ToolName = tool,
        Duration = duration, Parameters = parameters, Success = success, Error = error,
    };

    public static ExecutionEvent Llm(string? taskId, string model, double? cost = null, long? prompt = null, long? completion = null, long? total = null, int second = 0) => new()
    {
        Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = T0.AddSeconds(second), TaskId = taskId, Model = model, Provider = "p",
        EstimatedCost = cost, PromptTokens = prompt, CompletionTokens = completion, TotalTokens = total,
    };

    public static LogAnalyzer Analyzer(IEnumerable<ExecutionEvent> events, AnalysisOptions? options = null, TimeProvider? time = null) =>
        LogAnalyzer.Create(new InMemoryLogSource(events), options, time ?? Clock());

    public static Task<AnalysisResult> AnalyzeAsync(IEnumerable<ExecutionEvent> events, AnalysisOptions? options = null) =>
        Analyzer(events, options).AnalyzeLogsAsync();

    /// <summary>Runs the default detectors synchronously (for property tests).</summary>
    public static (List<LogPattern> Patterns, IReadOnlyList<ImprovementRecommendation> Recommendations) Run(IEnumerable<ExecutionEvent> events, AnalysisOptions? options = null)
    {
        options ??= new AnalysisOptions();
        var context = new AnalysisContext { Options = options, Now = T0.AddDays(1) };
        var detectors = LogAnalyzer.CreateDefaultDetectors();
        var sessions = detectors.Select(d => d.CreateSession(context)).ToList();
        foreach (var e in events)
        {
            foreach (var session in sessions)
            {
                session.Observe(e);
            }
        }

        var patterns = sessions.SelectMany(s => s.GetPatterns()).ToList();
        var analyzer = new LogAnalyzer(new InMemoryLogSource([]), detectors, Options.Create(options), Clock());
        var recommendations = analyzer.GenerateRecommendationsAsync(patterns).GetAwaiter().GetResult();
        return (patterns, recommendations);
    }
}
