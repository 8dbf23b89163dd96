// Child process for the config-store tests.
//   apply <config>   toggles the file between two versions in a loop, forever, printing "ready" once; the test
//                    kills it (SIGKILL) at a random point and checks the file is exactly one of the two versions.
//   read <config>    reads (and so pre-scans and parses) the file once and prints "ok <ms> <peak MB>" or
//                    "refused <error> <ms> <peak MB>"; a stack overflow or crash shows as a bad exit code.
using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Alpha.Learning.ConfigCrasher apply|read <config>");
    return 2;
}

IConfigStore store = args[1].EndsWith(".json", StringComparison.OrdinalIgnoreCase)
    ? new JsonConfigStore(new JsonConfigStoreOptions { Path = args[1] })
    : new YamlConfigStore(new YamlConfigStoreOptions { Path = args[1] });
switch (args[0])
{
    case "apply":
        await store.RecoverAsync();
        var ready = false;
        while (true)
        {
            var snapshot = await store.ReadAsync();
            var atOld = snapshot.TryGetValue("tasks.timeouts.web_research", out var value) && value is 30L;
            ConfigChange[] changes = atOld
                ? [
                    new() { Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 60L },
                    new() { Path = "tools.search.dedupe", OldValue = null, NewValue = true },
                    new() { Path = "models.routing.summarize", OldValue = "gpt-4o", NewValue = "gpt-4o-mini" },
                ]
                : [
                    new() { Path = "models.routing.summarize", OldValue = "gpt-4o-mini", NewValue = "gpt-4o" },
                    new() { Path = "tools.search.dedupe", OldValue = true, NewValue = true, RemoveKey = true },
                    new() { Path = "tasks.timeouts.web_research", OldValue = 60L, NewValue = 30L },
                ];
            var plan = await store.PlanAsync(changes);
            var result = await store.ApplyAsync(plan);
            if (result.Status != ConfigWriteStatus.Applied)
            {
                Console.Error.WriteLine(result.Message);
                return 3;
            }

            if (!ready)
            {
                Console.WriteLine("ready");
                Console.Out.Flush();
                ready = true;
            }
        }

    case "read":
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            _ = await store.ReadAsync();
            outcome = "ok";
        }
        catch (ConfigStoreException ex)
        {
            outcome = "refused " + ex.Error;
            Console.Error.WriteLine(ex.Message.Length > 300 ? ex.Message[..300] : ex.Message);
        }

        using (var process = Process.GetCurrentProcess())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome} {watch.ElapsedMilliseconds} {process.PeakWorkingSet64 / (1024 * 1024)}"));
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: Alpha.Learning.ConfigCrasher apply|read <config>");
        return 2;
}
