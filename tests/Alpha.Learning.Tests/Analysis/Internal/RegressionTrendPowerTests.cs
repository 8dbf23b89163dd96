using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis.Internal;

/// <summary>
/// <see cref="RegressionPower.Drift"/> against the detector itself: task runs whose cost drifts are fed to a
/// <see cref="RegressionSession"/> and the detector's trend step (<see cref="RegressionTrends.Evaluate"/>) decides.
/// </summary>
public sealed class RegressionTrendPowerTests
{
    private const double Cv = 0.44;
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero); // a Monday

    [Fact]
    public void Drift_AgainstTheDetectorOnSimulatedRuns_MatchesHowOftenItReportsTheTrend()
    {
        // 6 weeks of one task type at 40 runs a weekday (24 a weekend day), each run one call, its cost lognormal (CV
        // 0.44) around a level rising 3 % a week; the analysis ends with day 42. The detector makes two trend tests
        // here (the task's cost per task, the model's cost per call): Mann-Kendall at 0.05 / 2.
        var runs = Enumerable.Range(0, 42).Select(d => d % 7 >= 5 ? 24 : 40).ToArray();
        const double drift = 0.03;
        var random = new Random(20261206);
        const int trials = 400;
        var found = 0;
        for (var t = 0; t < trials; t++)
        {
            found += Detects(random, runs, drift) ? 1 : 0;
        }

        var power = RegressionPower.Drift(drift, runs, Cv, tests: 2, new RegressionOptions(), simulations: 4000, seed: 7);

        var observed = (double)found / trials;
        power.Should().BeInRange(0.2, 0.95, "the comparison discriminates only where the power is neither 0 nor 1");
        power.Should().BeApproximately(observed, 3 * Math.Sqrt(power * (1 - power) / trials) + 0.01);
    }

    [Fact]
    public void Drift_NoDrift_ReportsAlmostNothing() =>
        RegressionPower.Drift(0, Enumerable.Repeat(50, 42).ToArray(), Cv, tests: 15, new RegressionOptions(), simulations: 2000, seed: 3)
            .Should().BeLessThanOrEqualTo(0.05 / 15 + 0.002, "the trend tests' level is TrendAlpha over the tests, and the floor only removes findings");

    [Fact]
    public void SmallestDetectableDrift_IsWhereThePowerReachesItsTarget()
    {
        var options = new RegressionOptions();
        var runs = Enumerable.Range(0, 42).Select(d => d % 7 >= 5 ? 30 : 50).ToArray();

        var size = RegressionPower.SmallestDetectableDrift(runs, Cv, 15, options, 0.999, 4000, 11);

        size.Should().BeInRange(0.03, 0.05, "at 50 runs a weekday Sen's slope spreads by about 0.6 % a week around the drift, and must clear the 2 % floor");
        RegressionPower.Drift(size, runs, Cv, 15, options, 4000, 11).Should().BeGreaterThanOrEqualTo(0.999);
        RegressionPower.Drift(size - 0.001, runs, Cv, 15, options, 4000, 11).Should().BeLessThan(0.999);
    }

    [Fact]
    public void SmallestDetectableDrift_MoreRunsOrWeeks_FindsASmallerDrift()
    {
        var options = new RegressionOptions();
        int[] Runs(int weekday, int days) => Enumerable.Range(0, days).Select(d => d % 7 >= 5 ? weekday * 3 / 5 : weekday).ToArray();

        var few = RegressionPower.SmallestDetectableDrift(Runs(30, 42), Cv, 15, options, 0.999, 2000, 5);
        var many = RegressionPower.SmallestDetectableDrift(Runs(300, 42), Cv, 15, options, 0.999, 2000, 5);
        var longer = RegressionPower.SmallestDetectableDrift(Runs(30, 84), Cv, 15, options, 0.999, 2000, 5);

        many.Should().BeLessThan(few);
        longer.Should().BeLessThan(few);
        many.Should().BeGreaterThanOrEqualTo(options.TrendMinWeeklyChange, "the floor holds however many runs there are");
        RegressionPower.SmallestDetectableDrift(Runs(30, 28), Cv, 15, options, 0.999, 500, 5).Should().Be(double.NaN, "four weeks are fewer than the test needs");
    }

    [Fact]
    public void CallSumCv_OneOrTwoCalls_IsTheCoefficientOfVariationOfTheirSum()
    {
        // 1 or 2 calls (2 with 0.3), each a lognormal of log-sd 0.3 and mean 1: simulated.
        var random = new Random(9);
        var values = new double[200_000];
        for (var i = 0; i < values.Length; i++)
        {
            var calls = random.NextDouble() < 0.3 ? 2 : 1;
            for (var c = 0; c < calls; c++)
            {
                values[i] += Math.Exp((0.3 * Normal(random)) - 0.045);
            }
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);

        RegressionPower.CallSumCv(0.3, 0.3).Should().BeApproximately(sd / mean, 0.005);
    }

    private static bool Detects(Random random, int[] runs, double drift)
    {
        var options = new AnalysisOptions();
        var end = Start.AddDays(runs.Length);
        var session = (RegressionSession)new RegressionDetector().CreateSession(new AnalysisContext { Options = options, Now = end });
        var sigma = Math.Sqrt(Math.Log(1 + (Cv * Cv)));
        var n = 0;
        for (var day = 0; day < runs.Length; day++)
        {
            var level = 0.01 * Math.Pow(1 + drift, day / 7.0);
            for (var i = 0; i < runs[day]; i++)
            {
                var at = Start.AddDays(day).AddMinutes(10 + (i * 20));
                var id = "t" + n++;
                session.Observe(new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = at, TaskId = id, TaskName = "summarize" });
                session.Observe(new ExecutionEvent
                {
                    Kind = ExecutionEventKind.LlmInteraction,
                    EventName = "llm_interaction",
                    Timestamp = at.AddSeconds(1),
                    TaskId = id,
                    Model = "gpt-4o",
                    EstimatedCost = level * Math.Exp((sigma * Normal(random)) - (sigma * sigma / 2)),
                });
                session.Observe(new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = at.AddSeconds(2), TaskId = id, TaskName = "summarize" });
            }
        }

        var endDay = RegressionSession.DayOf(end.AddTicks(-1));
        var trends = RegressionTrends.Evaluate(session, options, endDay, end, []);
        return trends.Any(p => p.Subject == LogPattern.TaskSubject && p.Key == "summarize"
            && p.Metadata["metrics"] is IEnumerable<string> metrics && metrics.Contains("cost_per_task"));
    }

    private static double Normal(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
