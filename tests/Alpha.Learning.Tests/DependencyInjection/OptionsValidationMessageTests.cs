using Alpha.Learning.Analysis;
using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Loop;
using Alpha.Learning.Tests.Analysis;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Tests.DependencyInjection;

/// <summary>
/// The options are checked by the generated validators (the attributes on the options' properties) and by hand for the
/// rules across fields; either way a failure names the key a host writes and the value it wrote.
/// </summary>
public class OptionsValidationMessageTests
{
    public static TheoryData<Action<AlphaLearningOptions>, string> InvalidSettings => new()
    {
        { o => o.Loop.MinConfidence = 1.5, "AlphaLearning:Loop:MinConfidence must be between 0 and 1; it is 1.5." },
        { o => o.Loop.MaxDailyImprovements = -2, "AlphaLearning:Loop:MaxDailyImprovements must be at least 0; it is -2." },
        { o => o.Loop.UsdPerTask = double.PositiveInfinity, "AlphaLearning:Loop:UsdPerTask must be a positive number; it is Infinity." },
        { o => o.Loop.VerificationSignificance = 1, "AlphaLearning:Loop:VerificationSignificance must be between 0 and 1 (exclusive); it is 1." },
        { o => o.Loop.SuccessNonInferiorityMargin = 1, "AlphaLearning:Loop:SuccessNonInferiorityMargin must be at least 0 and below 1; it is 1." },
        { o => o.Loop.VerificationDeadline = TimeSpan.FromDays(-1), "AlphaLearning:Loop:VerificationDeadline must be positive; it is -1.00:00:00." },
        { o => o.Loop.CycleLeaseDuration = TimeSpan.FromSeconds(5), "AlphaLearning:Loop:CycleLeaseDuration must be at least 00:00:10; it is 00:00:05." },
        { o => o.Loop.Retention = TimeSpan.FromDays(1), "AlphaLearning:Loop:Retention must be empty (keep everything) or at least the analysis window (7 days); it is 1.00:00:00." },
        { o => o.Analysis.SlowToolThresholdSeconds = double.NaN, "AlphaLearning:Analysis:SlowToolThresholdSeconds must be a positive number; it is NaN." },
        { o => o.Analysis.RetryMaxAttempts = 11, "AlphaLearning:Analysis:RetryMaxAttempts must be between 1 and 10; it is 11." },
        { o => o.Analysis.OpenTaskStaleAfter = TimeSpan.Zero, "AlphaLearning:Analysis:OpenTaskStaleAfter must be positive; it is 00:00:00." },
        { o => o.Analysis.Regression.WindowDays = 0, "AlphaLearning:Analysis:Regression:WindowDays must be between 1 and 366; it is 0." },
        { o => o.Analysis.Regression.TrendMinWeeks = 13, "AlphaLearning:Analysis:Regression:TrendMinWeeks must be between 3 and AlphaLearning:Analysis:Regression:TrendWeeks (12); it is 13." },
        { o => o.Analysis.MaxTaskTimeoutSeconds = 10, "AlphaLearning:Analysis:MaxTaskTimeoutSeconds (10) must not be below AlphaLearning:Analysis:DefaultTaskTimeoutSeconds (30)." },
        { o => o.Analysis.KnownTaskTimeoutSeconds["summarize"] = -1, "AlphaLearning:Analysis:KnownTaskTimeoutSeconds:summarize must be a positive number of seconds; it is -1." },
        {
            o => o.Analysis.ToolCachePath = "tools.cache",
            "AlphaLearning:Analysis:ToolCachePath must contain {tool} as a whole segment and form a path of letters, digits, '_' and '-' separated by '.' or ':'; it is 'tools.cache'."
        },
        { o => o.Logs.MaxLineBytes = 10, "AlphaLearning:Logs:MaxLineBytes must be at least 64; it is 10." },
        { o => o.Logs.MaxDepth = 1, "AlphaLearning:Logs:MaxDepth must be at least 2; it is 1." },
        { o => o.Logs.MaxParallelism = 65, "AlphaLearning:Logs:MaxParallelism must be between 1 and 64; it is 65." },
        { o => o.Logs.MalformedSamplesPerReason = -1, "AlphaLearning:Logs:MalformedSamplesPerReason must be at least 0; it is -1." },
        { o => o.Logs.MaxDecompressedBytes = 0, "AlphaLearning:Logs:MaxDecompressedBytes must be at least 1; it is 0." },
        { o => o.Logs.MaxDecompressedLines = -5, "AlphaLearning:Logs:MaxDecompressedLines must be at least 1; it is -5." },
        { o => o.Store.DatabasePath = " ", "AlphaLearning:Store:DatabasePath is blank: name the SQLite file (or ':memory:'); it is ' '." },
        { o => o.Store.BusyTimeout = TimeSpan.FromSeconds(-1), "AlphaLearning:Store:BusyTimeout must be between 00:00:00 and 01:00:00; it is -00:00:01." },
        { o => o.Store.BusyTimeout = TimeSpan.FromHours(2), "AlphaLearning:Store:BusyTimeout must be between 00:00:00 and 01:00:00; it is 02:00:00." },
        { o => o.Config.Path = string.Empty, "AlphaLearning:Config:Path is blank: name the configuration file (YAML or JSON) the improvements change; it is ''." },
        { o => o.Config.MaxBytes = 0, "AlphaLearning:Config:MaxBytes must be at least 1; it is 0." },
        { o => o.Config.MaxDepth = -1, "AlphaLearning:Config:MaxDepth must be at least 1; it is -1." },
        { o => o.Config.MaxChangesPerPlan = 0, "AlphaLearning:Config:MaxChangesPerPlan must be at least 1; it is 0." },
        { o => o.Config.WriteLockTimeout = TimeSpan.Zero, "AlphaLearning:Config:WriteLockTimeout must be positive and at most 01:00:00; it is 00:00:00." },
        { o => o.Alerts.QuietPeriod = TimeSpan.FromHours(-1), "AlphaLearning:Alerts:QuietPeriod cannot be negative; it is -01:00:00." },
        { o => o.Alerts.WorsenFactor = 0.5, "AlphaLearning:Alerts:WorsenFactor must be at least 1; it is 0.5." },
        { o => o.Alerts.WorsenFactor = double.NaN, "AlphaLearning:Alerts:WorsenFactor must be at least 1; it is NaN." },
        { o => o.Alerts.WebhookUrl = "ftp://example.com/hook", "AlphaLearning:Alerts:WebhookUrl must be an absolute http or https URL; it is 'ftp://example.com/hook'." },
        { o => o.Alerts.WebhookUrl = "hooks/alerts", "AlphaLearning:Alerts:WebhookUrl must be an absolute http or https URL; it is 'hooks/alerts'." },
        { o => o.Alerts.WebhookTimeout = TimeSpan.Zero, "AlphaLearning:Alerts:WebhookTimeout must be positive; it is 00:00:00." },
        { o => o.Alerts.SinkTimeout = TimeSpan.FromSeconds(-2), "AlphaLearning:Alerts:SinkTimeout must be positive; it is -00:00:02." },
        { o => o.Alerts.WebhookMaxAttempts = 11, "AlphaLearning:Alerts:WebhookMaxAttempts must be between 1 and 10; it is 11." },
        { o => o.Alerts.WebhookInitialBackoff = TimeSpan.FromSeconds(-1), "AlphaLearning:Alerts:WebhookInitialBackoff cannot be negative; it is -00:00:01." },
        { o => o.Alerts.WebhookQueueCapacity = 0, "AlphaLearning:Alerts:WebhookQueueCapacity must be between 1 and 100000; it is 0." },
        { o => o.Alerts.FilePath = "  ", "AlphaLearning:Alerts:FilePath is blank: name a file or leave it unset; it is '  '." },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Options_InvalidSetting_MessageNamesTheKeyAndTheValue(Action<AlphaLearningOptions> change, string expected)
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Config.Path = "agent.yaml";
            o.Config.AllowMissingFile = true;
            change(o);
        });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<AlphaLearningOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().Be(expected);
    }

    [Fact]
    public void FeedbackLoopOptions_StandAlone_NamesTheKeyUnderFeedbackLoop()
    {
        var options = new FeedbackLoopOptions { MinConfidence = -0.5, AnalysisWindowDays = 0 };

        var result = new Alpha.Learning.Loop.Internal.FeedbackLoopOptionsValidator().Validate(Options.DefaultName, options);

        result.Failures.Should().BeEquivalentTo(
            "FeedbackLoop:MinConfidence must be between 0 and 1; it is -0.5.",
            "FeedbackLoop:AnalysisWindowDays must be between 1 and 366; it is 0.");
    }

    [Fact]
    public void AnalysisOptions_StandAlone_NamesTheKeyUnderAnalysis()
    {
        var options = new AnalysisOptions { MaxOpenTasks = 0 };
        options.Regression.Alpha = 2;

        var act = () => LogAnalyzer.Create(new InMemoryLogSource([]), options);

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().BeEquivalentTo(
            "Analysis:MaxOpenTasks must be at least 1; it is 0.",
            "Analysis:Regression:Alpha must be between 1E-12 and 0.5; it is 2.");
    }

    [Fact]
    public void Options_BoundaryValuesAndUnsetOptionals_Pass()
    {
        var services = new ServiceCollection();
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = ":memory:";
            o.Store.BusyTimeout = TimeSpan.FromHours(1);
            o.Config.Path = "agent.yaml";
            o.Config.AllowMissingFile = true;
            o.Config.WriteLockTimeout = TimeSpan.FromHours(1);
            o.Logs.MaxLineBytes = 64;
            o.Logs.MaxParallelism = 64;
            o.Logs.MalformedSamplesPerReason = 0;
            o.Alerts.WorsenFactor = 1;
            o.Alerts.QuietPeriod = TimeSpan.Zero;
            o.Alerts.WebhookUrl = "https://hooks.example.com/alerts";
            o.Alerts.FilePath = null;
        });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptions<AlphaLearningOptions>>().Value;

        act.Should().NotThrow();
    }
}
