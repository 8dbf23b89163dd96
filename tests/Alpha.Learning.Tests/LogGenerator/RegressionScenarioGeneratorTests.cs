using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.LogGenerator;

public sealed class RegressionScenarioGeneratorTests
{
    [Theory]
    [InlineData(1088)]
    [InlineData(5016)]
    [InlineData(5038)]
    [InlineData(9054)]
    [InlineData(9086)]
    public void Create_ErrorRateStep_IsPlantedLargeEnoughToBeFoundWithinOneWindow(int seed)
    {
        // With a fixed 7-12 % draw these seeds planted steps of +5 to +7 points on task types of 290 to 410 runs a week,
        // which one whole window finds only 77 to 95 % of the time at Holm's first threshold: all came late or never.
        var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(seed, planted: true));

        var step = score.Changes.Single(c => c.Change.Kind == PlantedChangeKind.ErrorRateStep);
        step.Power.Should().BeGreaterThanOrEqualTo(0.99, "the step is drawn at least as large as one window finds with 99.9 % power at the task type's volume");
        step.FoundWithinWindow.Should().BeTrue();
    }

    [Fact]
    public void Create_NewErrorTemplate_IsPlantedOftenEnoughToBeFoundWithinOneWindow()
    {
        // With a fixed 2-5 % draw, seed 17012 planted a new error in 2.1 % of a task type's ~50 runs a day from day 61:
        // 7 expected in its first whole window, 3 needed, and the window held 1 (a 2 % chance at that share): never found.
        var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(17012, planted: true));

        var change = score.Changes.Single(c => c.Change.Kind == PlantedChangeKind.NewErrorTemplate);
        change.Power.Should().BeGreaterThanOrEqualTo(0.99);
        change.FoundWithinWindow.Should().BeTrue();
    }

    [Theory]
    [InlineData(1072)]
    [InlineData(1003)]
    [InlineData(5011)]
    [InlineData(25007)]
    public void Create_CostDrift_IsAtLeastTheSizeTheTrendTestFindsAtItsVolume(int seed)
    {
        // Seed 1072 drew 3.3 % a week (a fixed 3-6 % draw) on a task type of ~50 runs a weekday, where the trend test
        // needs about 3.8 % to find it with 99.9 % power by day 42: it was found on day 43. The guarantee here is
        // recomputed from the runs the scenario actually generated, not from the generator's planning figures.
        var scenario = RegressionScenarioGenerator.Create(seed, planted: true);
        var drift = scenario.Changes.Single(c => c.Kind == PlantedChangeKind.CostDrift);
        var options = new RegressionOptions();
        var days = RegressionScenarioGenerator.DriftDecisionDay(options);
        var runs = new int[days];
        foreach (var e in RegressionScenarioGenerator.Events(scenario))
        {
            var day = (int)(e.Timestamp - scenario.Start).TotalDays;
            if (day < days && e.Kind is ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError && e.TaskName == drift.Target)
            {
                runs[day]++;
            }
        }

        var tests = RegressionTrends.TestsFor(scenario.Tasks.Count, scenario.Tools.Count, scenario.Models.Count);
        var guaranteed = RegressionPower.SmallestDetectableDrift(runs, RegressionScenarioGenerator.RunCostCv, tests, options, 0.999, 4000, seed);

        drift.Magnitude.Should().BeGreaterThanOrEqualTo(guaranteed, "a drift is planted at least as large as the trend test finds with 99.9 % power by the end of its first window");
        drift.Magnitude.Should().BeLessThanOrEqualTo(guaranteed + 0.03, "and at most the stated margin (2 points a week) above it, give or take the rounding of the volume");
    }

    [Fact]
    public void Create_CostDriftOfSeed1072_IsFoundWithinOneWindow()
    {
        var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(1072, planted: true));

        var change = score.Changes.Single(c => c.Change.Kind == PlantedChangeKind.CostDrift);
        change.Power.Should().BeGreaterThanOrEqualTo(0.99);
        change.FoundWithinWindow.Should().BeTrue();
    }

    [Fact]
    public void Events_PlantedSeedAndNearbyCleanSeed_DrawUnrelatedStreams()
    {
        // Random(int) takes the absolute value, and seed ^ salt of -13014 is the complement of 13012's: the clean
        // scenario of one seed repeated the planted scenario of another, draw for draw.
        var planted = Durations(RegressionScenarioGenerator.Create(13012, planted: true));
        var clean = Durations(RegressionScenarioGenerator.Create(-13014, planted: false));

        clean.Should().NotEqual(planted);
    }

    [Fact]
    public void Create_SameSeed_GivesTheSameScenario()
    {
        var first = RegressionScenarioGenerator.Create(42, planted: true);
        var second = RegressionScenarioGenerator.Create(42, planted: true);

        second.Changes.Should().BeEquivalentTo(first.Changes);
        Durations(second).Should().Equal(Durations(first));
    }

    private static List<double?> Durations(RegressionScenario scenario) =>
        RegressionScenarioGenerator.Events(scenario).Take(200).Select(e => e.Duration).ToList();
}
