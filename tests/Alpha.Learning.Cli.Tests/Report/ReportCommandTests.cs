using System.CommandLine;

using Alpha.Learning.Cli.Commands;
using Alpha.Learning.Cli.Report;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Time.Testing;

namespace Alpha.Learning.Cli.Tests.Report;

public sealed class ReportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<int> RunAsync(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ReportCommand.Create(new FakeTimeProvider(ReportFixture.Now)));
        return CommandLineApp.RunAsync(root, ["report", .. args]);
    }

    [Fact]
    public async Task RunAsync_MissingDatabase_ExitsOneAndCreatesNoFile()
    {
        var db = _folder.File("missing.db");
        var output = _folder.File("report.html");

        var code = await RunAsync("--db", db, "--out", output);

        code.Should().Be(CommandLineApp.BadInput);
        File.Exists(db).Should().BeFalse();
        File.Exists(output).Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_NotADatabase_ExitsOne()
    {
        var db = _folder.File("notes.db");
        await File.WriteAllTextAsync(db, "these are not the tables you are looking for");

        var code = await RunAsync("--db", db, "--out", _folder.File("report.html"));

        code.Should().Be(CommandLineApp.BadInput);
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--db")]
    [InlineData("--days", "0")]
    [InlineData("--days", "-2")]
    [InlineData("--days", "week")]
    [InlineData("--colour", "blue")]
    public async Task RunAsync_BadOptions_ExitsTwo(string option, string? value = null)
    {
        var args = new List<string> { "--db", _folder.File("a.db"), "--out", _folder.File("a.html") };
        var at = args.IndexOf(option);
        if (value is null)
        {
            args.RemoveRange(at, 2);
        }
        else if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var code = await RunAsync([.. args]);

        code.Should().Be(CommandLineApp.UsageError);
    }

    [Fact]
    public async Task RunAsync_EmptyStore_WritesANothingRecordedYetPageAndExitsZero()
    {
        var db = _folder.File("empty.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
        {
            (await store.GetCycleCountAsync()).Should().Be(0);
        }

        var output = _folder.File("report.html");

        var code = await RunAsync("--db", db, "--out", output);

        code.Should().Be(CommandLineApp.Success);
        (await File.ReadAllTextAsync(output)).Should().Contain("Nothing recorded yet");
    }

    [Fact]
    public async Task RunAsync_ZeroByteFile_WritesANothingRecordedYetPageAndLeavesTheFileEmpty()
    {
        var db = _folder.File("touched.db");
        await File.WriteAllBytesAsync(db, []);
        var output = _folder.File("report.html");

        var code = await RunAsync("--db", db, "--out", output);

        code.Should().Be(CommandLineApp.Success);
        new FileInfo(db).Length.Should().Be(0);
        (await File.ReadAllTextAsync(output)).Should().Contain("Nothing recorded yet");
    }

    [Fact]
    public async Task RunAsync_SeededStore_ReplacesTheOutputAndLeavesNoTempFile()
    {
        var db = _folder.File("seeded.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
        {
            await ReportSeed.ReportSeeder.SeedAsync(store, ReportFixture.Now);
        }

        var output = _folder.File("report.html");
        await File.WriteAllTextAsync(output, "old");

        var code = await RunAsync("--db", db, "--out", output, "--days", "7");

        code.Should().Be(CommandLineApp.Success);
        (await File.ReadAllTextAsync(output)).Should().StartWith("<!DOCTYPE html>").And.Contain("<polyline");
        Directory.GetFiles(_folder.Path, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_OutputFolderMissing_ExitsOne()
    {
        var db = _folder.File("empty.db");
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
        {
            await store.GetCycleCountAsync();
        }

        var code = await RunAsync("--db", db, "--out", Path.Combine(_folder.Path, "no-such-folder", "report.html"));

        code.Should().Be(CommandLineApp.BadInput);
    }

    [Fact]
    public async Task LoadAsync_MoreMetricValuesThanAPage_ReadsEveryValueOnce()
    {
        var db = _folder.File("many.db");
        var start = ReportFixture.Now.AddDays(-30);
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db }))
        {
            // Three values share each instant, so page boundaries fall inside a group of equal instants.
            await store.StoreMetricsAsync(Enumerable.Range(0, 25_000).Select(i => new SuccessMetric
            {
                Name = "error_rate",
                Subject = "task-" + (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Value = i,
                Timestamp = start.AddMinutes(i / 3),
            }));
        }

        var data = await ReportCommand.LoadAsync(db, ReportFixture.Now, since: null, CancellationToken.None);

        data.Metrics.Select(m => m.Value).Should().OnlyHaveUniqueItems().And.HaveCount(25_000);
        var html = HtmlReport.Render(data);
        html.Should().Contain("averaged into 300 time buckets");
        html.Split("<polyline").Should().HaveCount(4);
    }
}
