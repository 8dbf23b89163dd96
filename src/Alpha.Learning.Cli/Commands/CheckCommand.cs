using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Alerts;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Cli.Commands;

/// <summary>
/// <c>alpha-learn check --logs PATH [--db DB] [--baseline-days N] [--window-days N] [--severity S] [--to T]
/// [--settings FILE] [--format text|json]</c>: the baseline-relative findings (regressions, new errors, trends) of the
/// last window, alerts through the configured sinks, and exit code 3 when a finding is at or above the severity.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The exit code of a check that found at least one finding at or above the severity option.</summary>
    public const int FindingsAtOrAboveSeverity = 3;

    public static Command Create()
    {
        var logs = CommonOptions.Logs(required: true);
        var db = new Option<string?>("--db")
        {
            Description = "The learning store (a SQLite file, created if missing, or a PostgreSQL server shared by a fleet: a postgresql:// URI or an Npgsql connection string with Host=...): alert states (de-duplication, resolution) are kept there, and changes the loop applied explain findings instead of raising them.",
            HelpName = "FILE|URI",
        };
        var baselineDays = new Option<int?>("--baseline-days") { Description = "Length of the baseline before the window, in days (default 28).", HelpName = "N" };
        var windowDays = new Option<int?>("--window-days") { Description = "Length of the current window, in days (default 7).", HelpName = "N" };
        var severity = new Option<string>("--severity")
        {
            Description = "Exit with 3 when a finding is at or above this severity.",
            DefaultValueFactory = _ => "low",
            HelpName = "low|medium|high|critical",
        };
        severity.AcceptOnlyFromAmong("low", "medium", "high", "critical");
        var to = CommonOptions.To();
        to.Description = "End of the window (ISO 8601; no offset means UTC). The default is the latest event in the logs.";
        var settings = CliHost.Settings();
        var verbose = CliHost.Verbose();
        var format = CommonOptions.Format();
        var command = new Command("check", "Compare the last window of the logs with its baseline: regressions, new errors and trends, with alerts; exit 3 when one is at or above --severity.")
        {
            logs, db, baselineDays, windowDays, severity, to, settings, verbose, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var window = Positive(parse.GetValue(windowDays), "--window-days");
            var baseline = Positive(parse.GetValue(baselineDays), "--baseline-days");
            var end = ParseEnd(parse.GetValue(to));
            var threshold = EnumNames.ParsePriority(parse.GetValue(severity)!);
            var dbPath = parse.GetValue(db);
            using var services = CliHost.Build(parse.GetValue(settings), parse.GetValue(verbose), options =>
            {
                // check changes no configuration: the config file is never opened, but the options must name one.
                if (string.IsNullOrWhiteSpace(options.Config.Path))
                {
                    options.Config.Path = "config.yaml";
                    options.Config.AllowMissingFile = true;
                }

                if (window is { } w)
                {
                    options.Analysis.Regression.WindowDays = w;
                }

                if (baseline is { } b)
                {
                    options.Analysis.Regression.BaselineDays = b;
                    options.Analysis.Regression.MinBaselineDays = Math.Min(options.Analysis.Regression.MinBaselineDays, b);
                }
            });
            var analysis = CliHost.Get<IOptions<AnalysisOptions>>(services);
            var detector = services.GetServices<IPatternDetector>().LastOrDefault(d => d.Name == "regression")
                ?? throw new CliInputException("No baseline-relative detector is registered (the settings removed it).");
            var r = analysis.Value.Regression;
            var span = Math.Max(r.BaselineDays + r.WindowDays, r.TrendWeeks * 7);
            var query = CommonOptions.Query(parse.GetValue(logs)!, (end?.AddDays(-span - 1), end));
            var analyzer = new LogAnalyzer(CliHost.Get<ILogSource>(services), [detector], analysis, TimeProvider.System);
            var stats = new LogReadStatistics();
            AnalysisResult result;
            using (Progress.Start(stats))
            {
                result = await analyzer.AnalyzeLogsAsync(query, stats, cancellationToken).ConfigureAwait(false);
            }

            var store = dbPath is null ? null : StoreAccess.OpenWritable(dbPath, create: true);
            using var closing = store as IDisposable;
            IReadOnlyList<ImprovementRecord> applied = [];
            if (store is not null)
            {
                applied = [.. (await store.GetImprovementsAsync(limit: 10_000, cancellationToken: cancellationToken).ConfigureAwait(false))
                    .Where(i => i.Status is ImprovementStatus.Applied or ImprovementStatus.RolledBack)];
            }

            var publisher = new AlertPublisher(services.GetServices<IAlertSink>(), store as IAlertStateStore, CliHost.Get<IOptions<AlertOptions>>(services), TimeProvider.System);
            var findings = result.Patterns.Where(AlertPublisher.IsFinding).ToList();
            var published = await publisher.PublishAsync(findings, applied, cancellationToken).ConfigureAwait(false);
            await publisher.FlushAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            var open = findings.Where(f => !published.Attributed.ContainsKey(f.Fingerprint)).ToList();
            var recommendations = result.Recommendations.Where(x => open.Any(f => f.Fingerprint == x.PatternFingerprint)).ToList();
            var gate = open.Any(f => AlertPublisher.SeverityOf(f) >= threshold);
            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(json =>
                {
                    json.WriteStartObject();
                    Output.Ingestion(json, stats);
                    json.WriteString("severityThreshold", EnumNames.ToName(threshold));
                    json.WriteBoolean("gate", gate);
                    AnalysisOutput.Patterns(json, open);
                    json.WriteStartArray("attributed");
                    foreach (var (fingerprint, improvement) in published.Attributed)
                    {
                        json.WriteStartObject();
                        json.WriteString("fingerprint", fingerprint);
                        json.WriteString("improvementId", improvement);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteStartObject("alerts");
                    json.WriteNumber("sent", published.Sent.Count);
                    json.WriteNumber("suppressed", published.Suppressed);
                    json.WriteNumber("failures", published.Failures);
                    json.WriteStartArray("items");
                    foreach (var alert in published.Sent)
                    {
                        json.WriteStartObject();
                        json.WriteString("fingerprint", alert.Fingerprint);
                        json.WriteString("notification", NotificationName(alert.Notification));
                        json.WriteString("type", EnumNames.ToName(alert.PatternType));
                        json.WriteString("severity", EnumNames.ToName(alert.Severity));
                        json.WriteString("key", alert.Key);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                    AnalysisOutput.Recommendations(json, recommendations);
                    json.WriteEndObject();
                });
            }
            else
            {
                Output.Ingestion(Console.Out, stats, result.Duration);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Last {r.WindowDays} days against the {r.BaselineDays} days before; trends over up to {r.TrendWeeks} weeks."));
                Console.Out.WriteLine();
                if (open.Count == 0)
                {
                    Console.Out.WriteLine("No regressions, new errors or trends.");
                }

                foreach (var f in open.OrderByDescending(AlertPublisher.SeverityOf).ThenBy(f => f.Fingerprint, StringComparer.Ordinal))
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {EnumNames.ToName(AlertPublisher.SeverityOf(f)),-8} {EnumNames.ToName(f.Type),-10} {Output.Safe(f.Description, 300)}"));
                }

                foreach (var (fingerprint, improvement) in published.Attributed)
                {
                    Console.Out.WriteLine($"  (explained by improvement {Output.Safe(improvement, 64)}, judged by its verification: {fingerprint})");
                }

                Console.Out.WriteLine();
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Alerts: {published.Sent.Count} sent, {published.Suppressed} quiet (already sent, not worse), {published.Failures} failed sends."));
                if (recommendations.Count > 0)
                {
                    Console.Out.WriteLine();
                    AnalysisOutput.RecommendationTable(Console.Out, recommendations);
                }
            }

            return gate ? FindingsAtOrAboveSeverity : CommandLineApp.Success;
        });
        return command;
    }

    private static DateTimeOffset? ParseEnd(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value
        : throw new CliUsageException($"--to '{text}' is not an ISO 8601 date and time (for example 2026-11-20T10:00:00Z).");

    private static int? Positive(int? value, string option) =>
        value is { } v && v <= 0 ? throw new CliUsageException($"{option} must be a positive number of days, not {v}.") : value;

    private static string NotificationName(AlertNotification value) => value switch
    {
        AlertNotification.Raised => "raised",
        AlertNotification.Worsened => "worsened",
        AlertNotification.Reminder => "reminder",
        _ => "resolved",
    };
}
