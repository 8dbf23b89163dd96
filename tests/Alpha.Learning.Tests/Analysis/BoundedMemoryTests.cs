using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

public sealed class BoundedMemoryTests
{
    [Fact]
    public void Observe_MillionDistinctTaskIds_OpenTaskStateStaysWithinCap()
    {
        var options = new AnalysisOptions { MaxOpenTasks = 10_000 };
        var context = new AnalysisContext { Options = options, Now = Kit.T0 };
        var chains = (Alpha.Learning.Analysis.Internal.InefficientToolChainDetector.Session)new Alpha.Learning.Analysis.Internal.InefficientToolChainDetector().CreateSession(context);
        var costs = (Alpha.Learning.Analysis.Internal.HighCostDetector.Session)new Alpha.Learning.Analysis.Internal.HighCostDetector().CreateSession(context);
        var tool = new ExecutionEvent { Kind = ExecutionEventKind.ToolExecution, EventName = "tool_execution", Timestamp = Kit.T0, ToolName = "search", Duration = 0.1, Success = true };
        var llm = new ExecutionEvent { Kind = ExecutionEventKind.LlmInteraction, EventName = "llm_interaction", Timestamp = Kit.T0, Model = "gpt-4", EstimatedCost = 0.01 };

        for (var i = 0; i < 1_000_000; i++)
        {
            var id = "t-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var at = Kit.T0.AddMilliseconds(i);
            chains.Observe(new ExecutionEvent { Kind = tool.Kind, EventName = tool.EventName, Timestamp = at, ToolName = tool.ToolName, TaskId = id, Success = true });
            costs.Observe(new ExecutionEvent { Kind = llm.Kind, EventName = llm.EventName, Timestamp = at, Model = llm.Model, TaskId = id, EstimatedCost = 0.01 });
        }

        chains.OpenTasks.Should().BeLessThanOrEqualTo(10_000);
        costs.OpenTasks.Should().BeLessThanOrEqualTo(10_000);
    }

    [Fact]
    public void Observe_StaleTasks_DroppedByEventTime()
    {
        var options = new AnalysisOptions { OpenTaskStaleAfter = TimeSpan.FromMinutes(5) };
        var session = (Alpha.Learning.Analysis.Internal.InefficientToolChainDetector.Session)new Alpha.Learning.Analysis.Internal.InefficientToolChainDetector().CreateSession(new AnalysisContext { Options = options, Now = Kit.T0 });

        for (var i = 0; i < 100; i++)
        {
            session.Observe(Kit.Tool($"t-{i}", "search", 0.1, second: i * 60));
        }

        session.OpenTasks.Should().BeLessThanOrEqualTo(6);
    }

    [Fact]
    public void Observe_TaskEnds_StateDropped()
    {
        var session = (Alpha.Learning.Analysis.Internal.InefficientToolChainDetector.Session)new Alpha.Learning.Analysis.Internal.InefficientToolChainDetector().CreateSession(new AnalysisContext { Options = new AnalysisOptions(), Now = Kit.T0 });

        session.Observe(Kit.Tool("t-1", "search", 0.1));
        session.Observe(Kit.TaskComplete("t-1", "a"));

        session.OpenTasks.Should().Be(0);
    }

    [Fact]
    public void Observe_HundredThousandDistinctErrorMessages_TemplatesStayWithinCap()
    {
        var options = new AnalysisOptions { MaxErrorTypes = 10 };
        var session = new Alpha.Learning.Analysis.Internal.RecurringErrorDetector().CreateSession(new AnalysisContext { Options = options, Now = Kit.T0 });
        var random = new Random(3);

        for (var i = 0; i < 100_000; i++)
        {
            var words = string.Join(' ', Enumerable.Range(0, 4).Select(_ => new string((char)('a' + random.Next(26)), 1 + random.Next(8)) + (char)('a' + random.Next(26))));
            session.Observe(Kit.TaskError("t", "x", words, "E" + (i % 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        session.GetPatterns().Count.Should().BeLessThanOrEqualTo(10 * options.ErrorTemplates.MaxTemplates);
    }
}
