using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class RegressionEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_ManyUnchangedTools_DoNotHideOneTaskTypesErrorStep()
    {
        // checkout: 50 errors in 1,680 baseline runs (3.0 %), 27 in 420 window runs (6.4 %): Fisher's p = 0.0012.
        // Sixty unchanged tools beside it must not make that step harder to find: each subject is its own family.
        var session = Observe(toolCount: 60, windowErrors: 27);

        var patterns = new RegressionEvaluator(session, new AnalysisOptions(), Start.AddDays(35), Start).Evaluate();

        patterns.Should().ContainSingle(p => p.Type == PatternType.Regression)
            .Which.Should().Match<LogPattern>(p => p.Subject == LogPattern.TaskSubject && p.Key == "checkout" && (string)p.Metadata["metric"] == "error_rate");
    }

    [Fact]
    public void Evaluate_UnchangedErrorRate_RaisesNothing()
    {
        var session = Observe(toolCount: 60, windowErrors: 13);

        new RegressionEvaluator(session, new AnalysisOptions(), Start.AddDays(35), Start).Evaluate()
            .Should().NotContain(p => p.Type == PatternType.Regression);
    }

    private static RegressionSession Observe(int toolCount, int windowErrors)
    {
        var options = new AnalysisOptions();
        var session = (RegressionSession)new RegressionDetector().CreateSession(new AnalysisContext { Options = options, Now = Start.AddDays(35) });
        const int runsPerDay = 60;
        for (var day = 0; day < 35; day++)
        {
            var window = day >= 28;
            var (errors, runs, offset) = window ? (windowErrors, 7 * runsPerDay, (day - 28) * runsPerDay) : (50, 28 * runsPerDay, day * runsPerDay);
            for (var i = 0; i < runsPerDay; i++)
            {
                var at = Start.AddDays(day).AddSeconds(i * 1_400);
                var k = offset + i;
                var failed = (long)(k + 1) * errors / runs != (long)k * errors / runs; // errors spread evenly over the period
                session.Observe(new ExecutionEvent
                {
                    Kind = failed ? ExecutionEventKind.TaskError : ExecutionEventKind.TaskComplete,
                    EventName = failed ? "task_error" : "task_complete",
                    Timestamp = at,
                    TaskName = "checkout",
                    Duration = 1 + (i % 10 / 10.0),
                    Error = failed ? "Payment gateway declined the request" : null,
                    ErrorType = failed ? "GatewayError" : null,
                });
                for (var t = 0; t < toolCount && i < 40; t++)
                {
                    session.Observe(new ExecutionEvent
                    {
                        Kind = ExecutionEventKind.ToolExecution,
                        EventName = "tool_execution",
                        Timestamp = at.AddSeconds(t),
                        ToolName = "tool_" + t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Duration = 0.5 + (((i * 7) + t) % 10 / 20.0),
                        Success = true,
                    });
                }
            }
        }

        return session;
    }
}
