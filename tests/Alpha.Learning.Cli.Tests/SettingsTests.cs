using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Cli.Tests;

/// <summary>
/// The <c>--settings</c> file is bound by the configuration binder's source generator: the native (AOT) tool cannot
/// bind by reflection, and the framework-dependent build runs the same generated code. Every kind of option must
/// bind, and a value of the wrong type is bad input, in a list too.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private AlphaLearningOptions Bind(string json)
    {
        var file = _folder.File("settings.json");
        File.WriteAllText(file, json);
        var config = _folder.File("config.yaml");
        File.WriteAllText(config, "tasks: {}\n");
        using var services = CliHost.Build(file, verbose: false, o => o.Config.Path = config);
        return CliHost.Get<IOptions<AlphaLearningOptions>>(services).Value;
    }

    [Fact]
    public void Build_SettingsOfEveryKind_BindsThemAll()
    {
        var options = Bind("""
            { "AlphaLearning": {
              "BackupDirectory": "backups",
              "Loop": { "Mode": "Manual", "MinConfidence": 0.5, "PendingApprovalExpiry": "3.00:00:00", "LogPaths": [ "a.jsonl" ],
                        "Schedule": { "Kind": "Weekly", "TimeOfDay": "03:30", "DayOfWeek": "Friday" } },
              "Analysis": { "KnownTaskTimeoutSeconds": { "web_research": 60 }, "TimeoutErrorTypes": [ "MyTimeout" ],
                            "ErrorTemplates": { "SimilarityThreshold": 0.6 },
                            "ModelPrices": { "my-model": { "InputPerMillion": 100, "OutputPerMillion": 300 } } },
              "Store": { "BusyTimeout": "00:00:09" },
              "Guardrails": { "Rules": [ { "Pattern": "tasks.timeouts.*", "ValueType": "WholeNumber", "Min": 1, "Max": 50,
                                           "Cooldown": "01:00:00", "AllowedValues": [ "x" ] } ] } } }
            """);

        options.BackupDirectory.Should().Be("backups");
        options.Loop.Mode.Should().Be(FeedbackLoopMode.Manual);
        options.Loop.MinConfidence.Should().Be(0.5);
        options.Loop.PendingApprovalExpiry.Should().Be(TimeSpan.FromDays(3));
        options.Loop.LogPaths.Should().Equal("a.jsonl");
        options.Loop.Schedule.Kind.Should().Be(ScheduleKind.Weekly);
        options.Loop.Schedule.TimeOfDay.Should().Be(new TimeOnly(3, 30));
        options.Loop.Schedule.DayOfWeek.Should().Be(DayOfWeek.Friday);
        options.Analysis.KnownTaskTimeoutSeconds.Should().Contain("web_research", 60);
        options.Analysis.TimeoutErrorTypes.Should().Contain("MyTimeout");
        options.Analysis.ErrorTemplates.SimilarityThreshold.Should().Be(0.6);
        options.Analysis.ModelPrices["my-model"].InputPerMillion.Should().Be(100);
        options.Analysis.ModelPrices["my-model"].OutputPerMillion.Should().Be(300);
        options.Store.BusyTimeout.Should().Be(TimeSpan.FromSeconds(9));
        var rule = options.Guardrails.Rules.Should().ContainSingle().Subject;
        rule.Pattern.Should().Be("tasks.timeouts.*");
        rule.ValueType.Should().Be(GuardrailValueType.WholeNumber);
        rule.Min.Should().Be(1);
        rule.Max.Should().Be(50);
        rule.Cooldown.Should().Be(TimeSpan.FromHours(1));
        rule.AllowedValues.Should().Equal("x");
    }

    [Theory]
    [InlineData("""{ "Loop": { "MinConfidence": "high" } }""", "AlphaLearning:Loop:MinConfidence")]
    [InlineData("""{ "Loop": { "Mode": "Sometimes" } }""", "AlphaLearning:Loop:Mode")]
    [InlineData("""{ "Store": { "BusyTimeout": "forever" } }""", "AlphaLearning:Store:BusyTimeout")]
    // The reflection binder dropped a list item it could not bind, here a whole guardrail rule, without a word.
    [InlineData("""{ "Guardrails": { "Rules": [ { "Pattern": "x.*", "Min": "low" } ] } }""", "AlphaLearning:Guardrails:Rules:0:Min")]
    public void Build_ValueOfTheWrongType_IsBadInputNamingIt(string section, string path)
    {
        var bind = () => Bind($$"""{ "AlphaLearning": {{section}} }""");

        bind.Should().Throw<CliInputException>().WithMessage($"*wrong type*'{path}'*");
    }

    [Theory]
    [InlineData("""{ "m": 3 }""")]
    [InlineData("""{ "m": {} }""")]
    [InlineData("""{ "m": { "InputPerMillion": 5 } }""")]
    [InlineData("""{ "m": { "inputpermillion": 5, "Output": 1 } }""")]
    public void Build_APriceThatWouldMakeAModelFree_IsBadInputNamingIt(string prices)
    {
        var bind = () => Bind($$"""{ "AlphaLearning": { "Analysis": { "ModelPrices": {{prices}} } } }""");

        bind.Should().Throw<CliInputException>().WithMessage("*'AlphaLearning:Analysis:ModelPrices:m' must be an object with InputPerMillion and OutputPerMillion*");
    }
}
