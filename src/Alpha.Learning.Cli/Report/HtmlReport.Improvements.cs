using System.Globalization;
using System.Text;

using Alpha.Learning.Improvements;

namespace Alpha.Learning.Cli.Report;

/// <summary>The report's section on the improvements (their changes, status, verification) and the correlations found.</summary>
internal static partial class HtmlReport
{
    private static void Improvements(StringBuilder sb, ReportData data)
    {
        sb.Append("<section id=\"improvements\"><h2>Improvements</h2>");
        if (data.Improvements.Count == 0)
        {
            sb.Append("<p class=\"muted\">No improvements in this period.</p></section>\n");
            return;
        }

        sb.Append("<div class=\"scroll\"><table class=\"improvements\"><thead><tr><th>Created (UTC)</th><th>Improvement</th><th>Changes</th><th>Status · verdict</th><th>Applied · rolled back (UTC)</th><th>Verification</th><th>Reason</th></tr></thead><tbody>\n");
        foreach (var row in data.Improvements)
        {
            var i = row.Improvement;
            var status = EnumNames.ToName(i.Status);
            var verdict = EnumNames.ToName(i.Verdict);
            sb.Append(i.Status == ImprovementStatus.RolledBack ? "<tr class=\"improvement rolled-back\">" : "<tr class=\"improvement\">");
            Cell(sb, ShortTime(i.CreatedAt), "time");
            sb.Append("<td class=\"text\">").Append(H(i.Title));
            if (i.Key.Length > 0)
            {
                sb.Append("<br><span class=\"muted\">").Append(H(i.Subject)).Append(": ").Append(H(i.Key)).Append("</span>");
            }

            sb.Append("<br><span class=\"muted\">").Append(H(EnumNames.ToName(i.ActionType))).Append("</span></td>");
            sb.Append("<td class=\"text changes\">");
            foreach (var change in i.Changes)
            {
                sb.Append("<code>").Append(H(change.Path)).Append("</code> ").Append(H(Value(change.OldValue))).Append(" → ").Append(H(Value(change.NewValue))).Append("<br>");
            }

            sb.Append("</td>");
            sb.Append("<td><span class=\"badge s-").Append(H(status)).Append("\">").Append(H(status)).Append("</span><br>");
            sb.Append("<span class=\"badge v-").Append(H(verdict)).Append("\">").Append(H(verdict)).Append("</span></td>");
            sb.Append("<td class=\"time\">");
            if (i.AppliedAt is { } a)
            {
                sb.Append("<span class=\"applied-at\">").Append(H(ShortTime(a))).Append("</span>");
            }

            if (i.RolledBackAt is { } r)
            {
                sb.Append("<br><span class=\"rolled-back-at\">↩ ").Append(H(ShortTime(r))).Append("</span>");
            }

            sb.Append("</td>");
            sb.Append("<td class=\"text\">");
            foreach (var v in row.Verifications)
            {
                sb.Append("<div class=\"v\"><b>").Append(H(EnumNames.ToName(v.Metric))).Append(": ").Append(H(EnumNames.ToName(v.Verdict))).Append("</b>");
                if (v.PValue is { } pValue)
                {
                    sb.Append(H(pValue < 0.001 ? " (p<0.001)" : string.Concat(" (p=", Output.Number(pValue), ")")));
                }

                if (v.Effect is { } effect)
                {
                    sb.Append(" effect ").Append(H(Output.Number(effect)));
                }

                sb.Append(H(string.Create(CultureInfo.InvariantCulture, $" n={v.BaselineSize}/{v.AfterSize}"))).Append("<br><span class=\"muted\">").Append(H(Time(v.At))).Append("</span></div>");
            }

            sb.Append("</td>");
            sb.Append("<td class=\"text\">").Append(H(i.Reason)).Append("</td></tr>\n");
        }

        sb.Append("</tbody></table></div></section>\n");
    }

    private static void Correlations(StringBuilder sb, ReportData data)
    {
        if (data.Correlations.Count == 0)
        {
            return;
        }

        sb.Append("<section id=\"correlations\"><h2>Correlations</h2><table><thead><tr><th>Type</th><th>Source</th><th>Target</th><th>Score</th><th>Samples</th><th>Found</th></tr></thead><tbody>\n");
        foreach (var c in data.Correlations)
        {
            sb.Append("<tr class=\"correlation\">");
            Cell(sb, c.Type);
            Cell(sb, c.Source, "text");
            Cell(sb, c.Target, "text");
            Cell(sb, Output.Number(c.Score), "num");
            Cell(sb, N(c.SampleSize), "num");
            Cell(sb, Time(c.CreatedAt), "time");
            sb.Append("</tr>\n");
        }

        sb.Append("</tbody></table></section>\n");
    }
}
