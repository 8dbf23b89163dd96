using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreRegistrationTests
{
    [Fact]
    public async Task ServiceProvider_ConfiguredOptions_BuildsTheStore()
    {
        using var folder = new TempFolder();
        var path = folder.File("di.db");
        var services = new ServiceCollection();
        services.Configure<SqliteLearningStoreOptions>(o => o.DatabasePath = path);
        services.AddSingleton<SqliteLearningStore>();
        services.AddSingleton<ILearningStore>(sp => sp.GetRequiredService<SqliteLearningStore>());

        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<ILearningStore>();
            await store.SetStateAsync("k", "v", T0);

            ((SqliteLearningStore)store).DatabasePath.Should().Be(path);
        }

        File.Exists(path).Should().BeTrue();
    }
}
