using System.CommandLine;

using Alpha.Learning.Cli.Commands;
using Alpha.Learning.Cli.Report;
using Alpha.Learning.Cli.Tests.Adoption;
using Alpha.Learning.Cli.Tests.Report;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.ReportSeed;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Cli.Tests.PostgreSql;

/// <summary><c>report</c> and <c>check</c> with a <c>--db</c> naming a PostgreSQL server, as <c>cycle</c> takes it.</summary>
[Collection(ConsoleCapture.Name)]
public sealed class PostgreSqlCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly PostgresTestDatabase _database = new();

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Report_PostgreSqlStore_RendersWhatTheSameRecordsRenderFromSqliteAndNeverThePassword(bool uri)
    {
        var db = uri ? _database.Uri : _database.ConnectionString;
        using (var store = new PostgreSqlLearningStore(_database.ConnectionString))
        {
            await ReportSeeder.SeedAsync(store, ReportFixture.Now);
        }

        var sqlite = _folder.File("same.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = sqlite }))
        {
            await ReportSeeder.SeedAsync(store, ReportFixture.Now);
        }

        var output = _folder.File("report.html");
        var (code, stdout) = await ConsoleCapture.RunAsync(() => Report("--db", db, "--out", output));

        code.Should().Be(CommandLineApp.Success);
        stdout.Should().Contain("Wrote").And.NotContain(_database.Password);
        var html = await File.ReadAllTextAsync(output);
        html.Should().NotContain(_database.Password).And.Contain(_database.Name);
        var name = StoreAccess.Describe(db);
        var expected = HtmlReport.Render(await ReportCommand.LoadAsync(sqlite, ReportFixture.Now, null, CancellationToken.None));
        html.Should().Be(expected.Replace("same.db", name, StringComparison.Ordinal), "the PostgreSQL store holds what the SQLite store holds");
    }

    [Fact]
    public async Task Report_WrongPassword_ExitsOneNamingTheServerNotThePassword()
    {
        var wrong = _database.Uri.Replace(":" + Uri.EscapeDataString(_database.Password) + "@", ":not-the-Secret-42@", StringComparison.Ordinal);
        var (code, _, error) = await RunCapturingErrorsAsync(() => Report("--db", wrong, "--out", _folder.File("report.html")));

        code.Should().Be(CommandLineApp.BadInput);
        error.Should().Contain("127.0.0.1").And.NotContain("not-the-Secret-42").And.NotContain(_database.Password);
        File.Exists(_folder.File("report.html")).Should().BeFalse();
    }

    [Fact]
    public async Task Check_PostgreSqlStore_KeepsItsAlertStatesThereSoTheSecondRunIsQuiet()
    {
        // Seventy days of a generated agent with planted regressions, ending a week into the latency step.
        var scenario = RegressionScenarioGenerator.Create(7, planted: true);
        var logs = Directory.CreateDirectory(_folder.File("logs")).FullName;
        RegressionScenarioGenerator.WriteJsonLines(scenario, logs);
        var step = scenario.Changes.Single(c => c.Kind == PlantedChangeKind.LatencyStep);
        var end = scenario.Start.AddDays(step.StartDay + 7).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["--logs", logs, "--db", _database.Uri, "--to", end];

        var (first, firstOut, firstError) = await RunCapturingErrorsAsync(() => Check(args));
        var (second, secondOut, _) = await RunCapturingErrorsAsync(() => Check(args));

        first.Should().Be(CheckCommand.FindingsAtOrAboveSeverity, "check failed: {0}", firstError);
        second.Should().Be(CheckCommand.FindingsAtOrAboveSeverity);
        firstOut.Should().NotContain(_database.Password);
        firstError.Should().NotContain(_database.Password);
        using var store = new PostgreSqlLearningStore(_database.ConnectionString);
        var states = await store.GetAlertStatesAsync(includeResolved: true);
        states.Should().NotBeEmpty("check keeps its alert states in the store --db names");
        var quiet = System.Text.RegularExpressions.Regex.Match(secondOut, @"Alerts: \d+ sent, (\d+) quiet");
        quiet.Success.Should().BeTrue(secondOut);
        int.Parse(quiet.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0, "the first run's alerts are remembered in PostgreSQL");
    }

    private static async Task<(int Code, string Out, string Error)> RunCapturingErrorsAsync(Func<Task<int>> run)
    {
        var original = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            var (code, stdout) = await ConsoleCapture.RunAsync(run);
            return (code, stdout, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }

    private static Task<int> Report(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ReportCommand.Create(new FakeTimeProvider(ReportFixture.Now)));
        return CommandLineApp.RunAsync(root, ["report", .. args]);
    }

    private static Task<int> Check(string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(CheckCommand.Create());
        return CommandLineApp.RunAsync(root, ["check", .. args]);
    }
}
