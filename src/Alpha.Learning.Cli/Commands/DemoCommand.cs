using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Improvements;
using Alpha.Learning.LogGenerator;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli.Commands;

/// <summary>
/// <c>alpha-learn demo [--dir DIR]</c>: a week of realistic logs, a commented config and an embedded database in DIR;
/// one SemiAuto cycle; what was found, recommended, changed (a diff) and what waits for approval. Safe to re-run.
/// </summary>
internal static class DemoCommand
{
    public const string SampleConfig = """
        # Agent host configuration (a sample written by `alpha-learn demo`).
        # Alpha.Learning edits single values in place: comments, order and quoting stay as they are.

        tasks:
          timeouts:               # seconds a task may run
            web_research: 30
            code_review: 60
            report_generation: 45
          concurrency: 4

        tools:
          web_search:
            timeout: 10           # seconds
          render_pdf:
            timeout: 30
          db_query:
            timeout: 5

        model_routing:            # the model each task type is sent to
          code_review: gpt-4
          summarize_document: gpt-4o-mini

        error_handling:
          ConnectionResetError:
            max_retries: 1
            backoff_seconds: 0.5

        """;

    /// <summary>
    /// The loop learning: six simulated weeks of an agent whose outcomes depend on its config, one SemiAuto cycle a
    /// day on a simulated clock, a week-by-week table (success, cost, p95, what was applied, verified and rolled back)
    /// and the HTML report of that run.
    /// </summary>
    private static async Task SimulationAsync(TextWriter output, string folder, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("The loop learning: six simulated weeks of an agent whose config changes its outcomes (SemiAuto, one cycle a day)…");
        var spec = new Alpha.Learning.SimulatedAgent.WorldSpec { TasksPerTypePerDay = 40 };
        var off = await Alpha.Learning.SimulatedAgent.AgentSimulation.RunAsync(spec, Alpha.Learning.SimulatedAgent.SimulationArm.LoopOff, 6, Path.Combine(folder, "loop-off"), null, cancellationToken).ConfigureAwait(false);
        var run = await Alpha.Learning.SimulatedAgent.AgentSimulation.RunAsync(spec, Alpha.Learning.SimulatedAgent.SimulationArm.SemiAuto, 6, Path.Combine(folder, "semi-auto"), null, cancellationToken).ConfigureAwait(false);
        output.WriteLine(" week  success (loop off)   cost/task   p95 task  applied  verified  rolled back");
        foreach (var w in run.Weeks)
        {
            var o = off.Weeks[w.Week - 1];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {w.Week,4}  {w.SuccessRate,7:P1} ({o.SuccessRate,6:P1})  ${w.CostPerTask,8:0.00000}  {w.P95Duration,6:0.0} s  {w.Applied,7}  {w.Verified,8}  {w.RolledBack,11}"));
            foreach (var e in w.Events)
            {
                output.WriteLine("         " + e);
            }
        }

        foreach (var h in run.Harmful)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Harmful by the world's own ground truth: {h.Change} ({h.Why}); it stayed {h.DaysStayed(run.LastDay)} day(s) before it was rolled back."));
        }

        var db = Path.Combine(folder, "semi-auto", "learning.db");
        await using var services = CliHost.Build(null, verbose: false, o =>
        {
            o.Store.DatabasePath = db;
            o.Config.Path = Path.Combine(folder, "semi-auto", "agent.yaml");
        });
        var store = CliHost.Get<ILearningStore>(services);
        var end = Alpha.Learning.SimulatedAgent.AgentSimulation.Start.AddDays(6 * 7);
        var data = await Report.ReportData.LoadAsync(store, "learning.db", end, null, cancellationToken).ConfigureAwait(false);
        var html = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(html, Report.HtmlReport.Render(data), cancellationToken).ConfigureAwait(false);
        output.WriteLine("HTML report of the simulated run: " + html);
    }

    public static Command Create()
    {
        var dir = new Option<string>("--dir")
        {
            Description = "The demo folder: logs/, config.yaml and learning.db are made there. The default value is ./alpha-learning-demo.",
            DefaultValueFactory = _ => "alpha-learning-demo",
            HelpName = "DIR",
        };
        var otlp = new Option<bool>("--otlp")
        {
            Description = "Run the demo from OpenTelemetry traces: the week of activity is also written as GenAI OTLP JSON traces (traces/) and the cycle reads those instead of the logs.",
        };
        var command = new Command("demo", "Generate a week of realistic agent logs and a commented config, run one SemiAuto cycle, and show what was found, changed and waits for approval. Safe to re-run.") { dir, otlp };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = Path.GetFullPath(parse.GetValue(dir)!);
            var logs = Path.Combine(root, "logs");
            var config = Path.Combine(root, "config.yaml");
            var db = Path.Combine(root, "learning.db");
            var output = Console.Out;
            output.WriteLine($"Demo folder: {Output.Safe(root, Output.SentenceMax)}");
            Directory.CreateDirectory(root);
            if (!Directory.Exists(logs) || Directory.GetFiles(logs).Length == 0)
            {
                var end = TimeProvider.System.GetUtcNow();
                var generated = ExecutionLogGenerator.Generate(logs, new LogGeneratorOptions
                {
                    SizeMegabytes = 8,
                    Files = 7,
                    Span = TimeSpan.FromDays(7),
                    Start = new DateTimeOffset(end.Year, end.Month, end.Day, end.Hour, 0, 0, TimeSpan.Zero).AddDays(-7),
                    MalformedRate = 0.0005,
                    TimestampStyle = GeneratedTimestampStyle.Mixed,
                    CompressOlderFiles = true,
                }, cancellationToken);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated a week of logs: {generated.Files.Count} files ({Output.Bytes(generated.Bytes)} uncompressed), {generated.Tasks:N0} task runs, {generated.Events:N0} events, {generated.Malformed:N0} malformed lines planted."));
            }
            else
            {
                output.WriteLine("Using the logs already in the demo folder.");
            }

            var source = logs;
            if (parse.GetValue(otlp))
            {
                source = Path.Combine(root, "traces");
                var traced = await OtlpTraceConverter.ConvertAsync([logs], Path.Combine(source, "traces.jsonl"), cancellationToken: cancellationToken).ConfigureAwait(false);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote the same activity as OpenTelemetry GenAI traces: {traced.Tasks:N0} invoke_agent traces, {traced.Spans:N0} spans in {Path.Combine(source, "traces.jsonl")}; the cycle reads those."));
            }

            if (!File.Exists(config))
            {
                await File.WriteAllTextAsync(config, SampleConfig.ReplaceLineEndings("\n"), cancellationToken).ConfigureAwait(false);
                output.WriteLine("Wrote a commented sample config: " + Output.Safe(config, Output.SentenceMax));
            }

            var before = await File.ReadAllTextAsync(config, cancellationToken).ConfigureAwait(false);
            await using var services = CliHost.Build(null, verbose: false, o =>
            {
                o.Logs.Paths = [source];
                o.Loop.LogPaths = [];
                o.Loop.Mode = FeedbackLoopMode.SemiAuto;
                o.Loop.AnalysisWindowDays = 366; // the demo's logs may be older than a week when it is re-run
                o.Loop.Retention = null; // keeps everything: the window above is longer than the default retention
                o.Store.DatabasePath = db;
                o.Config.Path = config;
            });
            await CliHost.Get<ImprovementExecutor>(services).RecoverAsync(cancellationToken).ConfigureAwait(false);
            var loop = CliHost.Get<FeedbackLoop>(services);
            output.WriteLine("Running one cycle in SemiAuto mode (safe changes are applied, risky ones wait for approval)…");
            output.WriteLine();
            var report = await loop.RunCycleAsync(cancellationToken).ConfigureAwait(false);
            var after = await File.ReadAllTextAsync(config, cancellationToken).ConfigureAwait(false);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Cycle {report.CycleNumber} ({report.Status.ToString().ToLowerInvariant()}): {report.EventsAnalyzed:N0} events analysed, {report.MalformedLines:N0} malformed lines skipped and counted."));
            output.WriteLine();
            AnalysisOutput.PatternTable(output, report.Patterns, 20);
            output.WriteLine();
            AnalysisOutput.RecommendationTable(output, report.Recommendations, 20);
            output.WriteLine();
            output.WriteLine("What changed in config.yaml:");
            var diff = TextDiff.Lines(before, after);
            if (diff.Count == 0)
            {
                output.WriteLine("  nothing this time (already applied earlier, waiting for approval, or over the daily quota)");
            }

            foreach (var line in diff)
            {
                output.WriteLine("  " + line);
            }

            var store = CliHost.Get<ILearningStore>(services);
            var pending = await store.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 100, cancellationToken).ConfigureAwait(false);
            var applied = await store.GetImprovementsAsync(ImprovementStatus.Applied, null, 1, cancellationToken).ConfigureAwait(false);
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Waiting for approval ({pending.Count}):"));
            StoreAccess.ImprovementTable(output, pending, "  none");
            output.WriteLine();
            output.WriteLine("Next:");
            var quotedDb = Quote(db);
            var quotedConfig = Quote(config);
            if (pending.Count > 0)
            {
                output.WriteLine($"  approve:  alpha-learn approve {pending[0].Id} --db {quotedDb} --config {quotedConfig}");
                output.WriteLine($"  reject:   alpha-learn reject {pending[0].Id} --db {quotedDb}");
            }

            output.WriteLine(applied.Count > 0
                ? $"  rollback: alpha-learn rollback {applied[0].Id} --db {quotedDb} --config {quotedConfig}   (or --last)"
                : $"  rollback: alpha-learn rollback --last --db {quotedDb} --config {quotedConfig}");
            output.WriteLine($"  history:  alpha-learn history --db {quotedDb}");
            output.WriteLine($"  status:   alpha-learn status --db {quotedDb}");
            output.WriteLine($"  again:    alpha-learn cycle --logs {Quote(source)} --config {quotedConfig} --db {quotedDb} --days 366");
            await SimulationAsync(output, Path.Combine(root, "simulation"), cancellationToken).ConfigureAwait(false);
            return report.Status == CycleStatus.Failed ? CommandLineApp.BadInput : CommandLineApp.Success;
        });
        return command;
    }

    private static string Quote(string path) => Output.Safe(path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path, Output.SentenceMax);
}
