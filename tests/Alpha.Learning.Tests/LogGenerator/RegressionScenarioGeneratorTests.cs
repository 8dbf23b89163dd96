using Alpha.Learning.LogGenerator;

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
        // These seeds planted steps of +5 to +7 points on task types of 300 to 400 runs a week, which one whole window
        // finds only 50 to 90 % of the time at one false alert per 100 subject-windows: all were found late or never.
        var score = RegressionScenarioEvaluation.Evaluate(RegressionScenarioGenerator.Create(seed, planted: true));

        var step = score.Changes.Single(c => c.Change.Kind == PlantedChangeKind.ErrorRateStep);
        step.Power.Should().BeGreaterThanOrEqualTo(0.99, "the step is drawn at least as large as one window finds with 99.9 % power at the task type's volume");
        step.FoundWithinWindow.Should().BeTrue();
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
