// Child process for the executor kill test.
//   apply <config> <db> <prefix>   applies one new recommendation after another through ImprovementExecutor, forever,
//                                  printing "ready" once; each sets tasks.timeouts.<prefix>_<n> (a new key) to 30. The
//                                  test kills it (SIGKILL) at a random point, runs RecoverAsync and checks that the
//                                  store and the file agree.
//   approve <config> <db> <folder> <index> <rounds>
//                                  one of several concurrent approvers: for each round r it waits for <folder>/go-r,
//                                  approves the improvement whose id is in <folder>/id-r-<index>, and writes its
//                                  outcome to <folder>/done-r-<index>. The test checks no approval is lost.
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Options;

if (args.Length == 6 && args[0] == "approve")
{
    return await Approver.RunAsync(args[1], args[2], args[3], args[4], int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Length != 4 || args[0] != "apply")
{
    Console.Error.WriteLine("usage: Alpha.Learning.ExecutorCrasher apply <config> <db> <prefix>");
    return 2;
}

var config = new YamlConfigStore(new YamlConfigStoreOptions { Path = args[1] });
using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = args[2] });
var executor = new ImprovementExecutor(
    config,
    store,
    ImprovementActions.CreateBuiltIn(),
    Options.Create(new ImprovementExecutorOptions { MaxDailyImprovements = 1_000_000 }),
    Options.Create(new GuardrailOptions()),
    TimeProvider.System);

var ready = false;
for (var n = 0; ; n++)
{
    var key = args[3] + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    var recommendation = new ImprovementRecommendation
    {
        Id = key,
        Title = "Set the timeout of " + key,
        Rationale = "Kill test.",
        Priority = Priority.Medium,
        ActionType = ActionType.ConfigUpdate,
        Confidence = 0.9,
        Risk = RiskLevel.Safe,
        PatternFingerprint = "fp-" + key,
        PatternType = PatternType.TimeoutPattern,
        Subject = "task",
        Key = key,
        Changes = [new ConfigChange { Path = "tasks.timeouts." + key, NewValue = 30L }],
    };
    var result = await executor.ApplyRecommendationAsync(recommendation);
    if (result.Outcome != ImprovementOutcome.Applied)
    {
        Console.Error.WriteLine($"{result.Outcome}: {result.Reason}");
        return 3;
    }

    if (!ready)
    {
        Console.WriteLine("ready");
        Console.Out.Flush();
        ready = true;
    }
}
