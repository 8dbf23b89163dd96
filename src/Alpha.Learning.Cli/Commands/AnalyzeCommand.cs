using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>alpha-learn analyze --logs PATH [--days N | --from T --to T] [--settings FILE] [--format text|json]</c>.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var logs = CommonOptions.Logs(required: true);
        var days = CommonOptions.Days();
        var from = CommonOptions.From();
        var to = CommonOptions.To();
        var format = CommonOptions.Format();
        var settings = CliHost.Settings();
        var command = new Command("analyze", "Read execution logs and report what was read, the patterns found and the recommended improvements.")
        {
            logs, days, from, to, settings, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = CommonOptions.Query(parse.GetValue(logs)!, CommonOptions.TimeRange(parse, days, from, to, TimeProvider.System));

            // The same analyzer, thresholds, prices and log options as 'cycle --settings' (no store or config is opened).
            await using var services = CliHost.Build(parse.GetValue(settings), verbose: false, o =>
            {
                o.Store.DatabasePath = ":memory:";
                o.Config.Path = "unused-by-analyze.yaml";
                o.Config.AllowMissingFile = true;
            });
            var analyzer = CliHost.Get<LogAnalyzer>(services);
            var stats = new LogReadStatistics();
            AnalysisResult result;
            using (Progress.Start(stats))
            {
                result = await analyzer.AnalyzeLogsAsync(query, stats, cancellationToken).ConfigureAwait(false);
            }

            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(json =>
                {
                    json.WriteStartObject();
                    Output.Ingestion(json, stats);
                    json.WriteStartObject("eventsByType");
                    foreach (var (kind, count) in result.EventsByKind)
                    {
                        json.WriteNumber(KindName(kind), count);
                    }

                    json.WriteEndObject();
                    if (result.From is { } f)
                    {
                        json.WriteString("from", f);
                    }

                    if (result.To is { } t)
                    {
                        json.WriteString("to", t);
                    }

                    AnalysisOutput.Patterns(json, result.Patterns);
                    AnalysisOutput.Recommendations(json, result.Recommendations);
                    json.WriteStartArray("failedDetectors");
                    foreach (var name in result.FailedDetectors)
                    {
                        json.WriteStringValue(name);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
            }
            else
            {
                Output.Ingestion(Console.Out, stats, result.Duration);
                Console.Out.WriteLine("Events by type: " + string.Join(", ", result.EventsByKind.Where(kv => kv.Value > 0).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{KindName(kv.Key)} {kv.Value:N0}"))));
                Console.Out.WriteLine();
                AnalysisOutput.PatternTable(Console.Out, result.Patterns);
                Console.Out.WriteLine();
                AnalysisOutput.RecommendationTable(Console.Out, result.Recommendations);
                foreach (var name in result.FailedDetectors)
                {
                    Console.Error.WriteLine($"warning: the detector '{Output.Safe(name, 80)}' failed and was left out of this analysis.");
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
