using System.Text;

using Alpha.Learning.Alerts;

namespace Alpha.Learning.Cli.Report;

/// <summary>The report's section on regressions, new errors, trends and their alerts.</summary>
internal static partial class HtmlReport
{
    private static void RegressionAlerts(StringBuilder sb, ReportData data)
    {
        if (data.Alerts.Count == 0)
        {
            return;
        }

        var firing = data.Alerts.Count(a => a.Status == AlertStatus.Firing);
        sb.Append("<section id=\"regressions\"><h2>Regressions and alerts</h2><p>")
            .Append(N(firing)).Append(" firing, ").Append(N(data.Alerts.Count - firing))
            .Append(" resolved. Baseline-relative findings (regressions, new errors, trends) as last alerted; a finding is sent again only when it worsens or after the quiet period.</p>")
            .Append("<table><thead><tr><th>Status</th><th>Severity</th><th>Type</th><th>Subject</th><th>Finding</th><th>First raised</th><th>Last sent</th><th>Sent</th></tr></thead><tbody>\n");
        foreach (var a in data.Alerts)
        {
            sb.Append("<tr class=\"alert ").Append(a.Status == AlertStatus.Firing ? "firing" : "resolved").Append("\">");
            Cell(sb, a.Status == AlertStatus.Firing ? "firing" : "resolved");
            Cell(sb, EnumNames.ToName(a.Severity));
            Cell(sb, EnumNames.ToName(a.PatternType));
            Cell(sb, a.Subject + " " + a.Key, "text");
            Cell(sb, a.Description, "text");
            Cell(sb, Time(a.FirstRaisedAt), "time");
            Cell(sb, Time(a.LastSentAt), "time");
            Cell(sb, N(a.TimesSent), "num");
            sb.Append("</tr>\n");
        }

        sb.Append("</tbody></table></section>\n");
    }
}
