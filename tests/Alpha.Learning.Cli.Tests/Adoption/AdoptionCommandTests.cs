using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Cli.Commands;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Cli.Tests.Adoption;

/// <summary>What a newcomer meets first: generate, analyze with settings, purge, the cycle report's text.</summary>
[Collection(ConsoleCapture.Name)]
public sealed class AdoptionCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private string Write(string name, string content)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    private static Task<(int Code, string Out)> RunAsync(Command command, params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(command);
        return ConsoleCapture.RunAsync(() => CommandLineApp.RunAsync(root, [command.Name, .. args]));
    }

    [Fact]
    public async Task Demo_DefaultOptions_RunsToTheEndWithTheSimulatedWeeks()
    {
        // Failed after the merges of this wave: the default retention (180 days) was shorter than the demo's
        // 366-day window, so the options validation refused the demo before its first cycle.
        var (code, output) = await RunAsync(DemoCommand.Create(), "--dir", _folder.File("demo"));

        code.Should().Be(CommandLineApp.Success, output);
        output.Should().Contain("The loop learning").And.Contain("week");
        File.Exists(Path.Combine(_folder.File("demo"), "simulation", "report.html")).Should().BeTrue();
    }

    [Fact]
    public async Task Generate_NoEnd_LogsEndNowSoTheDefaultWindowFindsThem()
    {
        var dir = _folder.File("logs");

        var (code, _) = await RunAsync(GenerateCommand.Create(new FakeTimeProvider(Now)), "--out", dir, "--size-mb", "0.05", "--days", "2");

        code.Should().Be(CommandLineApp.Success);
        var stamps = Directory.GetFiles(dir).SelectMany(File.ReadLines)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("timestamp").GetString()!)
            .Select(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture))
            .ToList();
        stamps.Should().NotBeEmpty();
        stamps.Max().Should().BeOnOrBefore(Now).And.BeAfter(Now.AddDays(-1));
        stamps.Min().Should().BeOnOrAfter(Now.AddDays(-2).AddMinutes(-1));
    }

    [Fact]
    public async Task Analyze_Settings_ThresholdsComeFromTheFile()
    {
        var logs = Write("run.jsonl", string.Join("\n", Enumerable.Range(0, 8).Select(i =>
            $$"""{"event":"tool_execution","timestamp":"2027-03-01T10:00:{{i:00}}Z","task_id":"t{{i}}","tool_name":"search","duration":3.5,"success":true}""")) + "\n");
        var settings = Write("settings.json", """{ "AlphaLearning": { "Analysis": { "SlowToolThresholdSeconds": 2 } } }""");

        var (withoutCode, without) = await RunAsync(AnalyzeCommand.Create(), "--logs", logs);
        var (withCode, with) = await RunAsync(AnalyzeCommand.Create(), "--logs", logs, "--settings", settings);

        withoutCode.Should().Be(CommandLineApp.Success);
        withCode.Should().Be(CommandLineApp.Success);
        without.Should().NotContain("slow_operation", "3.5 s is under the default 5 s threshold");
        with.Should().Contain("slow_operation", "the settings lower the threshold to 2 s");
    }

    [Fact]
    public async Task Analyze_InvalidSettings_ExitsOneNamingTheKey()
    {
        var logs = Write("run.jsonl", """{"event":"task_start","timestamp":"2027-03-01T10:00:00Z","task_id":"t1","task_name":"x"}""" + "\n");
        var settings = Write("settings.json", """{ "AlphaLearning": { "Analysis": { "SlowToolThresholdSeconds": -1 } } }""");

        var (code, _) = await RunAsync(AnalyzeCommand.Create(), "--logs", logs, "--settings", settings);

        code.Should().Be(CommandLineApp.BadInput);
    }

    [Fact]
    public async Task Purge_OlderThan_RemovesOldPatternsKeepsRecentOnes()
    {
        var db = _folder.File("learning.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
        {
            await store.StorePatternAsync(Pattern("old_task"), null, Now.AddDays(-40));
            await store.StorePatternAsync(Pattern("new_task"), null, Now.AddDays(-2));
        }

        var (code, output) = await RunAsync(PurgeCommand.Create(new FakeTimeProvider(Now)), "--db", db, "--older-than", "30");

        code.Should().Be(CommandLineApp.Success);
        output.Should().Contain("1 patterns");
        using var after = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db });
        (await after.GetPatternsAsync()).Select(p => p.Key).Should().Equal("new_task");
    }

    [Fact]
    public async Task Purge_MissingDatabase_ExitsOneAndCreatesNothing()
    {
        var db = _folder.File("missing.db");

        var (code, _) = await RunAsync(PurgeCommand.Create(new FakeTimeProvider(Now)), "--db", db);

        code.Should().Be(CommandLineApp.BadInput);
        File.Exists(db).Should().BeFalse();
    }

    [Fact]
    public void WriteReport_ManySkippedAndLongReasons_SaysAndNMoreAndKeepsWholeSentences()
    {
        var reason = "The guardrail rule 'tasks.timeouts.*' refuses 900 for 'tasks.timeouts.web_research': the largest value allowed is 600 seconds, "
            + "and the largest step of one change is a factor of 2, so the change waits for a person's approval before it is applied.";
        var report = new CycleReport
        {
            CycleNumber = 3,
            Status = CycleStatus.Completed,
            Mode = FeedbackLoopMode.SemiAuto,
            StartedAt = Now,
            FinishedAt = Now,
            Improvements = [.. Enumerable.Range(0, 14).Select(i => new CycleImprovementItem
            {
                RecommendationId = "r" + i, Title = "Recommendation " + i, Action = "skipped", Reason = reason,
            })],
        };
        using var text = new StringWriter();

        LoopCommands.WriteReport(text, report);

        var printed = text.ToString();
        printed.Should().Contain("Skipped (14):").And.Contain("and 4 more");
        printed.Should().Contain(reason);
    }

    private static LogPattern Pattern(string key) => new()
    {
        Type = PatternType.SlowOperation,
        Subject = LogPattern.TaskSubject,
        Key = key,
        Description = key + " is slow",
        Occurrences = 5,
        ImpactScore = 0.5,
        FirstSeen = Now.AddDays(-50),
        LastSeen = key == "old_task" ? Now.AddDays(-40) : Now.AddDays(-2),
        Metadata = new Dictionary<string, object> { ["subject"] = "task" },
    };
}
