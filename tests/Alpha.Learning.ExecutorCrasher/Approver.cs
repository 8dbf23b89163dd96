using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Options;

/// <summary>One of several processes approving at once (the cross-process lost-update test).</summary>
internal static class Approver
{
    public static async Task<int> RunAsync(string configPath, string db, string folder, string index, int rounds)
    {
        var config = new YamlConfigStore(new YamlConfigStoreOptions { Path = configPath });
        using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = db });
        var executor = new ImprovementExecutor(
            config,
            store,
            ImprovementActions.CreateBuiltIn(),
            Options.Create(new ImprovementExecutorOptions { MaxDailyImprovements = 1_000_000 }),
            Options.Create(new GuardrailOptions()),
            TimeProvider.System);
        Console.WriteLine("ready");
        Console.Out.Flush();
        for (var round = 0; round < rounds; round++)
        {
            var go = Path.Combine(folder, "go-" + round);
            while (!File.Exists(go))
            {
                await Task.Delay(1);
            }

            var id = (await File.ReadAllTextAsync(Path.Combine(folder, "id-" + round + "-" + index))).Trim();
            string line;
            try
            {
                var result = await executor.ApproveAsync(id);
                line = result.Outcome + " " + result.Improvement?.Status + " " + result.Reason.ReplaceLineEndings(" ");
            }
            catch (Exception ex)
            {
                line = "Exception " + ex.GetType().Name + " " + ex.Message.ReplaceLineEndings(" ");
            }

            var done = Path.Combine(folder, "done-" + round + "-" + index);
            await File.WriteAllTextAsync(done + ".tmp", line);
            File.Move(done + ".tmp", done);
        }

        return 0;
    }
}
