using System.Globalization;

using Alpha.Learning.LogGenerator;

namespace Alpha.Learning.Benchmarks;

/// <summary>
/// Detection and false-alert rate of the baseline-relative detector over many generated scenarios:
/// <c>regression-eval [--seeds N] [--first-seed S] [--days D] [--tasks-per-day T] [--verbose]</c>, or
/// <c>regression-eval --write DIR SEED planted|clean</c> to write one scenario's logs, <c>--dump SEED DAY</c> to diagnose one, or
/// <c>--power-table</c> for the smallest error-rate step and the smallest cost drift the detector finds with 99.9 % power at given volumes. Each seed gives one
/// scenario with the five planted changes and one clean scenario. Prints, per kind of change, how many were found
/// within one window of their start and the median delay, and the false alerts per 100 clean subject-windows.
/// </summary>
internal static class RegressionEvalCommand
{
    public static int Run(string[] args)
    {
        var seeds = 50;
        var firstSeed = 1;
        var days = 70;
        var tasksPerDay = 300;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seeds": seeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--first-seed": firstSeed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--tasks-per-day": tasksPerDay = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--verbose": verbose = true; break;
                case "--write":
                    {
                        // --write DIR SEED planted|clean: the scenario's logs as JSON lines, and its planted changes.
                        var scenario = RegressionScenarioGenerator.Create(int.Parse(args[i + 2], CultureInfo.InvariantCulture), args[i + 3] == "planted", days, tasksPerDay);
                        var count = RegressionScenarioGenerator.WriteJsonLines(scenario, args[i + 1]);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} events from {scenario.Start:yyyy-MM-dd} to {scenario.Start.AddDays(scenario.Days):yyyy-MM-dd} in {args[i + 1]}"));
                        foreach (var change in scenario.Changes)
                        {
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"planted {change.Kind} {change.Target} {change.Magnitude:0.###} from {scenario.Start.AddDays(change.StartDay):yyyy-MM-dd} {change.ErrorType}"));
                        }

                        return 0;
                    }

                case "--power-table":
                    PowerTable();
                    return 0;
                case "--dump":
                    foreach (var line in RegressionScenarioEvaluation.Dump(RegressionScenarioGenerator.Create(int.Parse(args[i + 1], CultureInfo.InvariantCulture), true, days, tasksPerDay), int.Parse(args[i + 2], CultureInfo.InvariantCulture)))
                    {
                        Console.WriteLine(line);
                    }

                    return 0;
                default:
                    Console.Error.WriteLine($"regression-eval: unknown argument '{args[i]}'.");
                    return 2;
            }
        }

        var byKind = new Dictionary<PlantedChangeKind, List<PlantedChangeScore>>();
        var clean = 0;
        var falseAlerts = new List<string>();
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            foreach (var planted in new[] { true, false })
            {
                var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(planted ? seed : -seed, planted, days, tasksPerDay));
                clean += score.CleanSubjectWindows;
                falseAlerts.AddRange(score.FalseAlerts);
                foreach (var change in score.Changes)
                {
                    (byKind.TryGetValue(change.Change.Kind, out var list) ? list : byKind[change.Change.Kind] = []).Add(change);
                    if (verbose && !change.FoundWithinWindow)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"missed: seed {seed} {change.Change.Kind} {change.Change.Target} ×{change.Change.Magnitude:0.###} from day {change.Change.StartDay}, found on day {change.FoundOnDay?.ToString(CultureInfo.InvariantCulture) ?? "never"}{(change.Power is { } power ? $" (power of its first whole window {power:0.####})" : string.Empty)}"));
                    }
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seeds} seeds × (1 planted + 1 clean scenario), {days} days, {tasksPerDay} tasks a weekday"));
        foreach (var (kind, list) in byKind.OrderBy(kv => kv.Key))
        {
            var delays = list.Where(s => s.DelayDays is not null).Select(s => s.DelayDays!.Value).Order().ToList();
            var median = delays.Count == 0 ? double.NaN : delays[delays.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-18} found within one window: {list.Count(s => s.FoundWithinWindow)}/{list.Count}; found at all: {delays.Count}/{list.Count}; median delay {median} days (max {(delays.Count == 0 ? double.NaN : delays[^1])})"));
            if (list.Any(s => s.Power is not null))
            {
                var powers = list.Where(s => s.Power is not null).Select(s => s.Power!.Value).Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {string.Empty,-18} misses the power of one whole window predicts: {powers.Sum(p => 1 - p):0.###} (lowest power {powers[0]:0.####}, median {powers[powers.Count / 2]:0.####})"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  false alerts: {falseAlerts.Count} on {clean} clean subject-windows = {100.0 * falseAlerts.Count / Math.Max(1, clean):0.###} per 100"));

        // Each alert reads "seed S day D: TYPE description": the trend tests spend their own TrendAlpha per analysis,
        // on top of each subject's Alpha, so their share is shown apart.
        foreach (var group in falseAlerts.GroupBy(a => a[(a.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(' ')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {group.Key}: {group.Count()} = {100.0 * group.Count() / Math.Max(1, clean):0.###} per 100"));
        }
        foreach (var alert in verbose ? falseAlerts : falseAlerts.Take(10))
        {
            Console.WriteLine("    " + alert);
        }

        return 0;
    }

    /// <summary>
    /// The detector's guarantee for a task type's error rate: the smallest rate after a step that the first window
    /// wholly after it finds with 99.9 % power, by baseline rate and runs a week (baseline four times as long).
    /// </summary>
    private static void PowerTable()
    {
        var r = new Alpha.Learning.Analysis.RegressionOptions();
        double[] baselines = [0.01, 0.02, 0.03, 0.05, 0.1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smallest error rate found with 99.9 % power by one window (Fisher at {r.Alpha}/{Alpha.Learning.Analysis.Internal.RegressionPower.TaskComparisons}, floors +{r.MinRateIncrease * 100:0.#} points and ×{r.MinRateRatio}); baseline {r.BaselineDays / r.WindowDays}× the window"));
        Console.WriteLine("runs/week " + string.Join(" ", baselines.Select(b => string.Create(CultureInfo.InvariantCulture, $"{"from " + (b * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %",9}"))));
        foreach (var n in new long[] { 100, 200, 300, 500, 700, 1000, 2000, 5000, 20000 })
        {
            var cells = baselines.Select(b => Alpha.Learning.Analysis.Internal.RegressionPower.SmallestDetectableRate(b, n, n * r.BaselineDays / r.WindowDays, r.Alpha / Alpha.Learning.Analysis.Internal.RegressionPower.TaskComparisons, 0.999, r.MinRateIncrease, r.MinRateRatio));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,9} ") + string.Join(" ", cells.Select(c => string.Create(CultureInfo.InvariantCulture, $"{(double.IsNaN(c) ? "-" : (c * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %"),9}"))));
        }

        DriftTable(r);
    }

    /// <summary>
    /// The detector's guarantee for a slow drift: the smallest drift a week of a mean (cost per task: each run's cost
    /// with the scenarios' largest coefficient of variation) the trend test finds with 99.9 % power, by runs a weekday
    /// (weekends at 60 %) and the weeks of data the analysis sees, among the scenarios' 15 trend tests (simulated,
    /// <c>RegressionPower.SmallestDetectableDrift</c>; 6 weeks is the first window after the test has its 5 weeks).
    /// </summary>
    private static void DriftTable(Alpha.Learning.Analysis.RegressionOptions r)
    {
        var cv = RegressionScenarioGenerator.RunCostCv;
        var tests = Alpha.Learning.Analysis.Internal.RegressionTrends.TestsFor(4, 3, 2);
        int[] weeks = [RegressionScenarioGenerator.DriftDecisionDay(r) / 7, 8, r.TrendWeeks];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smallest drift a week found with 99.9 % power (Mann-Kendall at {r.TrendAlpha}/{tests}, Sen's lower bound > 0, Sen's slope >= {r.TrendMinWeeklyChange * 100:0.#} % of the level a week; a run's value CV {cv:0.###}; 4,000 simulated series)"));
        // The last column drops the floor on Sen's slope: what the test alone finds, to show what the floor costs.
        var unfloored = new Alpha.Learning.Analysis.RegressionOptions { TrendMinWeeklyChange = 0 };
        Console.WriteLine("runs/weekday " + string.Join(" ", weeks.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w + " weeks",9}"))) + string.Create(CultureInfo.InvariantCulture, $" {weeks[0]} weeks without the floor"));
        foreach (var n in new double[] { 10, 20, 30, 50, 75, 100, 200, 500, 2000 })
        {
            var cells = weeks.Select(w => (Weeks: w, Options: r)).Append((Weeks: weeks[0], Options: unfloored))
                .Select(c => Alpha.Learning.Analysis.Internal.RegressionPower.SmallestDetectableDrift(RegressionScenarioGenerator.DriftRuns(n, c.Weeks * 7, DayOfWeek.Monday), cv, tests, c.Options, 0.999, 4000, 0x7D1F7));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,12} ") + string.Join(" ", cells.Select(c => string.Create(CultureInfo.InvariantCulture, $"{(double.IsNaN(c) ? "-" : (c * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %"),9}"))));
        }
    }
}
