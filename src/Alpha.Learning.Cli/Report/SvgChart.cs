using System.Globalization;
using System.Net;
using System.Text;

namespace Alpha.Learning.Cli.Report;

/// <summary>
/// Draws a line chart as inline SVG, server-side: axes with a few ticks, one polyline (and a dot per point) per series,
/// optional vertical markers, and a legend. Every label is HTML-encoded; numbers are written with the invariant culture.
/// </summary>
internal static class SvgChart
{
    /// <summary>Colours that stay apart for common colour-blindness (Okabe–Ito).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>A series with more points than this is drawn as a line without a dot per point.</summary>
    public const int MaxDots = 150;

    /// <summary>The most points a series is drawn with; longer series are averaged into this many time buckets.</summary>
    public const int MaxPoints = 300;

    private const double Left = 56;
    private const double Right = 12;
    private const double Top = 12;
    private const double Bottom = 28;

    /// <summary>Renders the chart.</summary>
    /// <param name="title">The accessible title (untrusted).</param>
    /// <param name="series">The series; empty ones are skipped.</param>
    /// <param name="formatX">Formats an x value for a tick label.</param>
    /// <param name="formatY">Formats a y value for a tick label.</param>
    /// <param name="markers">Vertical markers, or <see langword="null"/>.</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    public static string Render(
        string title,
        IReadOnlyList<ChartSeries> series,
        Func<double, string> formatX,
        Func<double, string> formatY,
        IReadOnlyList<ChartMarker>? markers = null,
        int width = 560,
        int height = 200)
    {
        var drawn = series.Where(s => s.Points.Count > 0).ToList();
        var sb = new StringBuilder(4096);
        sb.Append(Inv($"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">"));
        sb.Append("<title>").Append(Html(title)).Append("</title>");
        if (drawn.Count == 0)
        {
            sb.Append(Inv($"<text x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\" class=\"muted\">no data</text></svg>"));
            return sb.ToString();
        }

        var xs = drawn.SelectMany(s => s.Points).Select(p => p.X).ToList();
        var ys = drawn.SelectMany(s => s.Points).Select(p => p.Y).ToList();
        var (xMin, xMax) = Range(xs.Min(), xs.Max());
        var yMin = Math.Min(0, ys.Min());
        var (yLow, yHigh) = NiceRange(yMin, ys.Max());
        var plotW = width - Left - Right;
        var plotH = height - Top - Bottom;
        double Px(double x) => Left + ((x - xMin) / (xMax - xMin) * plotW);
        double Py(double y) => Top + plotH - ((y - yLow) / (yHigh - yLow) * plotH);

        // Grid and y ticks.
        sb.Append("<g class=\"axis\">");
        for (var i = 0; i <= 4; i++)
        {
            var value = yLow + ((yHigh - yLow) * i / 4);
            var y = Py(value);
            sb.Append(Inv($"<line x1=\"{Left:0.#}\" y1=\"{y:0.#}\" x2=\"{width - Right:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>"));
            sb.Append(Inv($"<text x=\"{Left - 4:0.#}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">")).Append(Html(formatY(value))).Append("</text>");
        }

        // X ticks: the ends and up to three between, each at a real data point (a cycle number stays whole).
        var distinct = xs.Distinct().Order().ToList();
        var xTicks = distinct.Count <= 5 ? distinct : [.. Enumerable.Range(0, 5).Select(i => distinct[(distinct.Count - 1) * i / 4])];
        foreach (var tick in xTicks)
        {
            var x = Px(tick);
            var anchor = x < Left + 20 ? "start" : x > width - Right - 20 ? "end" : "middle";
            sb.Append(Inv($"<text x=\"{x:0.#}\" y=\"{height - 8:0.#}\" text-anchor=\"{anchor}\">")).Append(Html(formatX(tick))).Append("</text>");
        }

        sb.Append(Inv($"<line x1=\"{Left:0.#}\" y1=\"{Top + plotH:0.#}\" x2=\"{width - Right:0.#}\" y2=\"{Top + plotH:0.#}\" class=\"base\"/>"));
        sb.Append("</g>");

        foreach (var marker in markers ?? [])
        {
            if (marker.X < xMin || marker.X > xMax)
            {
                continue;
            }

            var x = Px(marker.X);
            sb.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Top:0.#}\" x2=\"{x:0.#}\" y2=\"{Top + plotH:0.#}\" class=\"{(marker.IsRollback ? "marker rollback" : "marker")}\"><title>"))
                .Append(Html(marker.Label)).Append("</title></line>");
        }

        for (var i = 0; i < drawn.Count; i++)
        {
            var color = Palette[i % Palette.Length];
            var s = drawn[i];
            sb.Append(Inv($"<g class=\"series\" data-series=\"{i}\"><title>")).Append(Html(s.Name)).Append("</title>");
            sb.Append(Inv($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\""));
            for (var p = 0; p < s.Points.Count; p++)
            {
                if (p > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(Inv($"{Px(s.Points[p].X):0.#},{Py(s.Points[p].Y):0.#}"));
            }

            sb.Append("\"/>");
            foreach (var point in s.Points.Count <= MaxDots ? s.Points : [])
            {
                sb.Append(Inv($"<circle cx=\"{Px(point.X):0.#}\" cy=\"{Py(point.Y):0.#}\" r=\"2.5\" fill=\"{color}\"><title>"))
                    .Append(Html(string.Concat(formatX(point.X), ": ", formatY(point.Y)))).Append("</title></circle>");
            }

            sb.Append("</g>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Renders the legend of a chart's series as HTML (names encoded).</summary>
    public static string Legend(IReadOnlyList<ChartSeries> series)
    {
        var drawn = series.Where(s => s.Points.Count > 0).ToList();
        if (drawn.Count <= 1)
        {
            return string.Empty;
        }

        var sb = new StringBuilder("<ul class=\"legend\">");
        for (var i = 0; i < drawn.Count; i++)
        {
            sb.Append(Inv($"<li><span class=\"swatch\" style=\"background:{Palette[i % Palette.Length]}\"></span>"))
                .Append(Html(drawn[i].Name)).Append("</li>");
        }

        return sb.Append("</ul>").ToString();
    }

    /// <summary>Formats a value compactly for an axis: 0.012, 1.5, 230, 12.3k.</summary>
    public static string Compact(double value)
    {
        var a = Math.Abs(value);
        return a switch
        {
            0 => "0",
            >= 1e6 => Inv($"{value / 1e6:0.#}M"),
            >= 1e4 => Inv($"{value / 1e3:0.#}k"),
            >= 100 => Inv($"{value:0}"),
            >= 1 => Inv($"{value:0.##}"),
            >= 0.01 => Inv($"{value:0.###}"),
            _ => Inv($"{value:0.#####}"),
        };
    }

    /// <summary>
    /// Averages a long series into at most <paramref name="buckets"/> equal x buckets (x and y averaged per bucket), so
    /// a year of values stays a readable line and a small page. Series that are short enough are returned as they are.
    /// </summary>
    public static IReadOnlyList<ChartPoint> Downsample(IReadOnlyList<ChartPoint> points, int buckets = MaxPoints)
    {
        if (points.Count <= buckets)
        {
            return points;
        }

        var min = points.Min(p => p.X);
        var width = (points.Max(p => p.X) - min) / buckets;
        if (!(width > 0))
        {
            return [new ChartPoint(min, points.Average(p => p.Y))];
        }

        return [.. points
            .GroupBy(p => Math.Min(buckets - 1, (int)((p.X - min) / width)))
            .OrderBy(g => g.Key)
            .Select(g => new ChartPoint(g.Average(p => p.X), g.Average(p => p.Y)))];
    }

    internal static string Html(string? text) => WebUtility.HtmlEncode(Output.Safe(text, 160));

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static (double Min, double Max) Range(double min, double max) =>
        max > min ? (min, max) : (min - 1, max + 1);

    // A y range from a round lower bound to a round upper bound with four equal steps.
    private static (double Low, double High) NiceRange(double min, double max)
    {
        if (!(max > min))
        {
            return max == 0 ? (0, 1) : (Math.Min(0, min), Math.Abs(max) * 1.25);
        }

        var step = NiceStep((max - min) / 4);
        var low = Math.Floor(min / step) * step;
        var high = Math.Ceiling(max / step) * step;
        while ((high - low) / step > 4 + 1e-9)
        {
            step = NiceStep(step * 1.01);
            low = Math.Floor(min / step) * step;
            high = Math.Ceiling(max / step) * step;
        }

        return (low, low + (step * 4));
    }

    private static double NiceStep(double raw)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / power;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
