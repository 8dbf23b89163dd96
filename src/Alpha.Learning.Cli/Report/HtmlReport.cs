using System.Globalization;
using System.Text;

using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

namespace Alpha.Learning.Cli.Report;

/// <summary>
/// Renders <see cref="ReportData"/> as one self-contained HTML page: inline CSS, inline SVG charts, no script, and a
/// Content-Security-Policy that forbids every fetch. All text from the store came from logs and is HTML-encoded.
/// </summary>
internal static partial class HtmlReport
{
    /// <summary>The page's Content-Security-Policy: nothing may load; inline styles and data: images only.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /// <summary>How many subjects a metric chart draws (the ones with the most values).</summary>
    public const int MaxSubjectsPerMetric = 6;

    private const string Css = """
        :root{color-scheme:light;--fg:#1b1f24;--muted:#5b6470;--line:#d7dce2;--bg:#f6f8fa;--card:#fff}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header,main{max-width:1200px;margin:0 auto;padding:16px 24px}
        header{padding-top:24px}
        h1{font-size:22px;margin:0 0 4px}
        h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
        h3{font-size:14px;margin:0 0 6px;word-break:break-word}
        .muted{color:var(--muted);fill:var(--muted)}
        .cards{display:flex;flex-wrap:wrap;gap:10px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 14px}
        .stat b{display:block;font-size:20px}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px}
        .wide{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:12px}
        svg.chart{width:100%;height:auto;display:block;font-size:10px}
        svg.chart text{fill:var(--muted)}
        svg.chart line.grid{stroke:#eceff3}
        svg.chart line.base{stroke:#9aa3ad}
        svg.chart line.marker{stroke:#009E73;stroke-dasharray:4 3}
        svg.chart line.marker.rollback{stroke:#D55E00}
        .legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
        .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
        table{border-collapse:collapse;width:100%;background:var(--card);font-size:13px}
        th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        td.time{white-space:nowrap}
        th{background:#eef1f4}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        td.text{overflow-wrap:anywhere;min-width:150px;max-width:360px}
        td.changes{min-width:200px}
        .rolled-back-at{color:#8a2c00}
        td.changes code{overflow-wrap:anywhere}
        .scroll{overflow-x:auto}
        .v{margin-bottom:4px}
        .badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;background:#eef1f4;white-space:nowrap}
        .s-applied,.v-improved{background:#d8f3e6;color:#05603a}
        .s-rolled_back,.s-failed,.v-regressed{background:#fde2d6;color:#8a2c00}
        .s-pending_approval{background:#fff1c2;color:#6b4e00}
        tr.rolled-back td{background:#fff7f3}
        .stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
        .empty{background:var(--card);border:1px dashed var(--line);border-radius:6px;padding:32px;text-align:center}
        footer{max-width:1200px;margin:0 auto;padding:16px 24px 32px;color:var(--muted);font-size:12px}
        """;

    /// <summary>Renders the page.</summary>
    public static string Render(ReportData data)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n");
        sb.Append("<meta name=\"referrer\" content=\"no-referrer\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<title>Alpha.Learning report</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        sb.Append("<header><h1>Alpha.Learning report</h1><div class=\"muted\">Store <code>").Append(H(data.DatabaseName))
            .Append("</code> · generated ").Append(H(Time(data.GeneratedAt)));
        if (data.Since is { } since)
        {
            sb.Append(" · since ").Append(H(Time(since)));
        }

        sb.Append("</div></header>\n<main>\n");
        if (data.IsEmpty)
        {
            sb.Append("<section class=\"empty\" id=\"empty\"><h2>Nothing recorded yet</h2><p>This learning store holds no cycles, patterns, improvements or metrics. ")
                .Append("Run <code>alpha-learn cycle --logs PATH --config FILE --db FILE</code> (or let the host's feedback loop run) and build the report again.</p></section>\n");
        }
        else
        {
            Summary(sb, data);
            Patterns(sb, data);
            Metrics(sb, data);
            Improvements(sb, data);
            Correlations(sb, data);
            RegressionAlerts(sb, data);
            Statistics(sb, data.Statistics);
        }

        sb.Append("</main>\n<footer>Made by alpha-learn report. Self-contained: no scripts, no external resources. Text from the logs is shown encoded and may be shortened.</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Summary(StringBuilder sb, ReportData data)
    {
        var s = data.Statistics;
        sb.Append("<section id=\"summary\"><div class=\"cards\">");
        Stat(sb, "Cycles", N(data.CycleCount));
        if (data.LastCycle is { } last)
        {
            Stat(sb, "Last cycle", string.Create(CultureInfo.InvariantCulture, $"#{last.CycleNumber} {Name(last.Status)}"), Time(last.FinishedAt ?? last.StartedAt));
        }

        Stat(sb, "Patterns", N(s.TotalPatterns));
        Stat(sb, "Improvements", N(s.TotalImprovements));
        Stat(sb, "Applied", N(s.ImprovementsByStatus.GetValueOrDefault(ImprovementStatus.Applied)));
        Stat(sb, "Rolled back", N(s.ImprovementsByStatus.GetValueOrDefault(ImprovementStatus.RolledBack)));
        Stat(sb, "Pending approval", N(s.ImprovementsByStatus.GetValueOrDefault(ImprovementStatus.PendingApproval)));
        Stat(sb, "Metric values", N(s.TotalMetrics));
        sb.Append("</div></section>\n");
    }

    private static void Stat(StringBuilder sb, string label, string value, string? note = null)
    {
        sb.Append("<div class=\"card stat\"><span class=\"muted\">").Append(H(label)).Append("</span><b>").Append(H(value)).Append("</b>");
        if (note is not null)
        {
            sb.Append("<span class=\"muted\">").Append(H(note)).Append("</span>");
        }

        sb.Append("</div>");
    }

    private static void Patterns(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"patterns\"><h2>Patterns over time</h2>");
        if (data.Patterns.Count == 0)
        {
            sb.Append("<p class=\"muted\">No patterns in this period.</p></section>\n");
            return;
        }

        sb.Append("<p class=\"muted\">Occurrences per cycle of the ").Append(data.Patterns.Count).Append(" patterns with the most impact.</p><div class=\"grid\">");
        foreach (var trend in data.Patterns)
        {
            var p = trend.Pattern;
            var byCycle = trend.History.Count > 0 && trend.History.All(h => h.CycleNumber is not null);
            var points = trend.History
                .Select(h => new ChartPoint(byCycle ? h.CycleNumber!.Value : h.RecordedAt.ToUnixTimeSeconds(), h.Occurrences))
                .OrderBy(point => point.X)
                .ToList();
            var span = points.Count > 1 ? points[^1].X - points[0].X : 0;
            Func<double, string> formatX = byCycle ? x => string.Create(CultureInfo.InvariantCulture, $"#{x:0.#}") : x => AxisTime(x, span);
            sb.Append("<div class=\"card pattern\"><h3>").Append(H(p.Key)).Append("</h3><div class=\"muted\">")
                .Append(H(EnumNames.ToName(p.Type))).Append(" · ").Append(H(p.Subject)).Append(" · ").Append(N(p.Occurrences))
                .Append(" occurrences · impact ").Append(H(Output.Number(p.ImpactScore))).Append(" · last seen ").Append(H(Time(p.LastSeen))).Append("</div>");
            sb.Append(SvgChart.Render(string.Concat("Occurrences per cycle: ", p.Key), [new ChartSeries(p.Key, SvgChart.Downsample(points))], formatX, SvgChart.Compact, width: 360, height: 150));
            sb.Append("</div>");
        }

        sb.Append("</div></section>\n");
    }

    private static void Metrics(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"metrics\"><h2>Trends</h2>");
        if (data.Metrics.Count == 0)
        {
            sb.Append("<p class=\"muted\">No metric values in this period.</p></section>\n");
            return;
        }

        sb.Append("<p class=\"muted\">Every recorded success metric, one chart per name, one line per subject. The agent's outcomes per task type come first (success rate, cost per task, p95 task duration: what every change is judged on, so every change is marked on them); the other charts mark the improvements aimed at their metric. Dashed lines: applied (green) or rolled back (orange).</p><div class=\"wide\">");
        foreach (var group in data.Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).OrderBy(g => MetricOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var subjects = group.GroupBy(m => m.Subject ?? string.Empty, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var series = subjects.Take(MaxSubjectsPerMetric)
                .Select(g => new ChartSeries(g.Key.Length == 0 ? "(all)" : g.Key, SvgChart.Downsample([.. g.OrderBy(m => m.Timestamp).Select(m => new ChartPoint(m.Timestamp.ToUnixTimeSeconds(), m.Value))])))
                .ToList();
            var averaged = subjects.Take(MaxSubjectsPerMetric).Any(g => g.Count() > SvgChart.MaxPoints);
            var xs = series.SelectMany(s => s.Points).Select(p => p.X).ToList();
            var span = xs.Max() - xs.Min();
            var markers = new List<ChartMarker>();
            foreach (var row in data.Improvements)
            {
                var i = row.Improvement;
                if (!IsOutcome(group.Key) && !string.Equals(EnumNames.ToName(i.TargetMetric), group.Key, StringComparison.Ordinal))
                {
                    continue;
                }

                if (i.AppliedAt is { } applied)
                {
                    markers.Add(new ChartMarker(applied.ToUnixTimeSeconds(), string.Concat("applied: ", i.Title), IsRollback: false));
                }

                if (i.RolledBackAt is { } rolledBack)
                {
                    markers.Add(new ChartMarker(rolledBack.ToUnixTimeSeconds(), string.Concat("rolled back: ", i.Title), IsRollback: true));
                }
            }

            sb.Append("<div class=\"card metric\"><h3>").Append(H(group.Key)).Append("</h3><div class=\"muted\">")
                .Append(N(group.Count())).Append(" values · ").Append(N(subjects.Count)).Append(subjects.Count == 1 ? " subject" : " subjects");
            if (subjects.Count > MaxSubjectsPerMetric)
            {
                sb.Append(" (the ").Append(MaxSubjectsPerMetric).Append(" with the most values drawn)");
            }

            if (averaged)
            {
                sb.Append(" · long lines averaged into ").Append(SvgChart.MaxPoints).Append(" time buckets");
            }

            sb.Append("</div>");
            sb.Append(SvgChart.Render(group.Key, series, x => AxisTime(x, span), SvgChart.Compact, markers));
            sb.Append(SvgChart.Legend(series));
            sb.Append("</div>");
        }

        sb.Append("</div></section>\n");
    }

    private static void Statistics(StringBuilder sb, LearningStoreStatistics s)
    {
        sb.Append("<section id=\"statistics\"><h2>Store statistics</h2><div class=\"stats\">");
        Breakdown(sb, "Totals", [
            ("patterns", s.TotalPatterns), ("improvements", s.TotalImprovements), ("metric values", s.TotalMetrics),
            ("correlations", s.TotalCorrelations), ("cycles", s.CycleCount), ("configuration changes", s.TotalPathChanges),
        ], string.Concat("average impact score ", Output.Number(s.AverageImpactScore)));
        Breakdown(sb, "Patterns by type", [.. s.PatternsByType.Select(kv => (EnumNames.ToName(kv.Key), kv.Value))]);
        Breakdown(sb, "Improvements by status", [.. s.ImprovementsByStatus.Select(kv => (EnumNames.ToName(kv.Key), kv.Value))]);
        Breakdown(sb, "Improvements by verdict", [.. s.ImprovementsByVerdict.Select(kv => (EnumNames.ToName(kv.Key), kv.Value))]);
        Breakdown(sb, "Improvements by action", [.. s.ImprovementsByActionType.Select(kv => (EnumNames.ToName(kv.Key), kv.Value))]);
        Breakdown(sb, "Metric values by name", [.. s.MetricsByName.Select(kv => (kv.Key, kv.Value))]);
        Breakdown(sb, "Correlations by type", [.. s.CorrelationsByType.Select(kv => (kv.Key, kv.Value))]);
        sb.Append("</div></section>\n");
    }

    private static void Breakdown(StringBuilder sb, string title, IReadOnlyList<(string Name, long Count)> rows, string? note = null)
    {
        if (rows.Count == 0)
        {
            return;
        }

        sb.Append("<div><table class=\"breakdown\"><thead><tr><th>").Append(H(title)).Append("</th><th>Count</th></tr></thead><tbody>");
        foreach (var (name, count) in rows.OrderByDescending(r => r.Count).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            sb.Append("<tr>");
            Cell(sb, name, "text");
            Cell(sb, N(count), "num");
            sb.Append("</tr>");
        }

        sb.Append("</tbody></table>");
        if (note is not null)
        {
            sb.Append("<div class=\"muted\">").Append(H(note)).Append("</div>");
        }

        sb.Append("</div>");
    }

    private static void Cell(StringBuilder sb, string? text, string? cssClass = null)
    {
        sb.Append(cssClass is null ? "<td>" : string.Concat("<td class=\"", cssClass, "\">")).Append(H(text)).Append("</td>");
    }

    // Known loop metrics first, in the order people read them; any other name after, alphabetically.
    /// <summary>The agent's outcomes per task type, on which every change is judged (before and after it is marked on them).</summary>
    private static bool IsOutcome(string name) => name is "success_rate" or "cost_per_task" or "p95_task_duration";

    private static int MetricOrder(string name) => name switch
    {
        "success_rate" => -3,
        "cost_per_task" => -2,
        "p95_task_duration" => -1,
        "error_rate" => 0,
        "timeout_rate" => 1,
        "cost_per_call" => 3,
        "p95_duration" => 4,
        _ => 5,
    };

    private static string H(string? text) => SvgChart.Html(text);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Name(CycleRunStatus status) => EnumNames.ToName(status);

    private static string Value(object? value) => value switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string ShortTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string AxisTime(double unixSeconds, double span)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds((long)Math.Round(unixSeconds)).UtcDateTime;
        return t.ToString(span < 2 * 86_400 ? "MM-dd HH:mm" : "MM-dd", CultureInfo.InvariantCulture);
    }
}
