using Alpha.Learning.Analysis;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.Analysis;

public sealed class AnalysisOptionsValidationTests
{
    public static TheoryData<Action<AnalysisOptions>, string> InvalidOptions => new()
    {
        { o => o.SlowToolThresholdSeconds = 0, "SlowToolThresholdSeconds" },
        { o => o.HighCostThresholdUsd = double.NaN, "HighCostThresholdUsd" },
        { o => o.TimeoutMultiplier = 0.5, "TimeoutMultiplier" },
        { o => o.MaxOpenTasks = 0, "MaxOpenTasks" },
        { o => o.SuccessMinRate = 1.5, "SuccessMinRate" },
        { o => o.TaskTimeoutPath = "tasks.timeouts", "TaskTimeoutPath" },
        { o => o.ToolCachePath = "tools.{tool}.cache results", "ToolCachePath" },
        { o => o.MaxTaskTimeoutSeconds = 10, "MaxTaskTimeoutSeconds" },
        { o => o.ModelPrices["x"] = new ModelPrice { InputPerMillion = -1 }, "ModelPrices" },
        { o => o.ErrorTemplates.MaxTemplates = 0, "MaxTemplates" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOption_ThrowsNamingTheSetting(Action<AnalysisOptions> change, string setting)
    {
        var options = new AnalysisOptions();
        change(options);

        var act = () => LogAnalyzer.Create(new InMemoryLogSource([]), options);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(setting);
    }

    [Fact]
    public void Constructor_DefaultOptions_Valid()
    {
        var act = () => LogAnalyzer.Create(new InMemoryLogSource([]));

        act.Should().NotThrow();
    }
}
