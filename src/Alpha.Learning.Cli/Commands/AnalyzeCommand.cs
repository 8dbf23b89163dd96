using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>alpha-learn analyze --logs PATH [--days N | --from T --to T] [--format text|json]</c>.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var logs = CommonOptions.Logs(required: true);
        var days = CommonOptions.Days();
        var from = CommonOptions.From();
        var to = CommonOptions.To();
        var format = CommonOptions.Format();
        var command = new Command("analyze", "Read execution logs and report what was read, the patterns found and the recommended improvements.")
        {
            logs, days, from, to, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = CommonOptions.Query(parse.GetValue(logs)!, CommonOptions.TimeRange(parse, days, from, to, TimeProvider.System));
            var source = new JsonLinesLogSource();
            var stats = new LogReadStatistics();
            var counts = new long[Enum.GetValues<ExecutionEventKind>().Length];
            var watch = Stopwatch.StartNew();
            using (Progress.Start(stats))
            {
                await foreach (var e in source.ReadAsync(query, stats, cancellationToken).ConfigureAwait(false))
                {
                    counts[(int)e.Kind]++;
                }
            }

            watch.Stop();
            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(json =>
                {
                    json.WriteStartObject();
                    Output.Ingestion(json, stats);
                    json.WriteStartObject("eventsByType");
                    foreach (var kind in Enum.GetValues<ExecutionEventKind>())
                    {
                        json.WriteNumber(KindName(kind), counts[(int)kind]);
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                });
            }
            else
            {
                Output.Ingestion(Console.Out, stats, watch.Elapsed);
                Console.Out.WriteLine("Events by type:");
                foreach (var kind in Enum.GetValues<ExecutionEventKind>())
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {KindName(kind),-16} {counts[(int)kind],12:N0}"));
                }
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    public static string KindName(ExecutionEventKind kind) => kind switch
    {
        ExecutionEventKind.TaskStart => "task_start",
        ExecutionEventKind.TaskComplete => "task_complete",
        ExecutionEventKind.TaskError => "task_error",
        ExecutionEventKind.ToolExecution => "tool_execution",
        ExecutionEventKind.LlmInteraction => "llm_interaction",
        _ => "custom",
    };
}
