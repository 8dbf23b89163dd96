using System.Text.Json;

using Alpha.Learning.Analysis;

namespace Alpha.Learning.Tests.Analysis;

public sealed class OpenNameTypeTests
{
    [Fact]
    public void PatternType_WellKnownValues_SerialiseAsTheirSnakeCaseNames()
    {
        new[] { PatternType.RecurringError, PatternType.SlowOperation, PatternType.InefficientToolChain, PatternType.HighCostOperation, PatternType.SuccessfulPattern, PatternType.TimeoutPattern, PatternType.Regression, PatternType.NewError, PatternType.Trend }
            .Select(EnumNames.ToName).Should().Equal("recurring_error", "slow_operation", "inefficient_tool_chain", "high_cost_operation", "successful_pattern", "timeout_pattern", "regression", "new_error", "trend");
    }

    [Fact]
    public void ActionType_WellKnownValues_SerialiseAsTheirSnakeCaseNames()
    {
        new[] { ActionType.ConfigUpdate, ActionType.ModelRouting, ActionType.ToolStrategy, ActionType.ErrorHandling }
            .Select(EnumNames.ToName).Should().Equal("config_update", "model_routing", "tool_strategy", "error_handling");
    }

    [Fact]
    public void PatternType_PluginName_EqualsItsParsedFormAndKeepsTheName()
    {
        var mine = new PatternType("cache_miss");

        EnumNames.ParsePatternType("cache_miss").Should().Be(mine);
        (mine == new PatternType("cache_miss")).Should().BeTrue();
        mine.Should().NotBe(PatternType.RecurringError);
        mine.ToString().Should().Be("cache_miss");
        EnumNames.ParsePatternType("recurring_error").Should().Be(PatternType.RecurringError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Cache_Miss")]
    [InlineData("9lives")]
    [InlineData("cache-miss")]
    [InlineData("cache.miss")]
    [InlineData("cache miss")]
    [InlineData("tasks\n")]
    [InlineData("x_________________________________________________________________long")]
    public void Constructor_UnsafeName_ThrowsNamingTheRule(string name)
    {
        var pattern = () => new PatternType(name);
        var action = () => new ActionType(name);
        var parse = () => EnumNames.ParseActionType(name);

        pattern.Should().Throw<ArgumentException>().WithMessage("*pattern type*not a safe name*lowercase*");
        action.Should().Throw<ArgumentException>().WithMessage("*action type*not a safe name*");
        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void JsonConverter_RoundTripsPluginAndBuiltInNames()
    {
        var json = JsonSerializer.Serialize(new[] { new ActionType("cache_tuning"), ActionType.ModelRouting });
        json.Should().Be("[\"cache_tuning\",\"model_routing\"]");
        JsonSerializer.Deserialize<ActionType[]>(json).Should().Equal(new ActionType("cache_tuning"), ActionType.ModelRouting);
        JsonSerializer.Deserialize<PatternType>("\"cache_miss\"").Should().Be(new PatternType("cache_miss"));
    }

    [Fact]
    public void JsonConverter_UnsafeName_ThrowsJsonException()
    {
        var read = () => JsonSerializer.Deserialize<PatternType>("\"../etc\"");

        read.Should().Throw<JsonException>().WithMessage("*not a safe name*");
    }

    [Fact]
    public void CompareTo_WellKnownFirstInDeclaredOrder_ThenPluginNamesOrdinal()
    {
        var sorted = new[] { new PatternType("zeta"), PatternType.TimeoutPattern, new PatternType("alpha"), PatternType.RecurringError }.Order().ToArray();

        sorted.Should().Equal(PatternType.RecurringError, PatternType.TimeoutPattern, new PatternType("alpha"), new PatternType("zeta"));
    }

    [Fact]
    public void ToName_DefaultValue_Throws()
    {
        var name = () => EnumNames.ToName(default(ActionType));

        name.Should().Throw<ArgumentOutOfRangeException>();
    }
}
