using Alpha.Learning.Cli.Report;
using Alpha.Learning.ReportSeed;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli.Tests.Report;

/// <summary>One seeded store (two weeks of the loop, see <see cref="ReportSeeder"/>) and its rendered report, shared by a test class.</summary>
public sealed class ReportFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();

    public string Database => _folder.File("learning.db");

    internal ReportData Data { get; private set; } = null!;

    public string Html { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        using (var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = Database }))
        {
            await ReportSeeder.SeedAsync(store, Now);
        }

        Data = await Commands.ReportCommand.LoadAsync(Database, Now, since: null, CancellationToken.None);
        Html = HtmlReport.Render(Data);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
