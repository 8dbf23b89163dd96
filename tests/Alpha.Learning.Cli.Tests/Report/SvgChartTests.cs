using System.Globalization;

using Alpha.Learning.Cli.Report;

namespace Alpha.Learning.Cli.Tests.Report;

public sealed class SvgChartTests
{
    private static string X(double x) => x.ToString("0", CultureInfo.InvariantCulture);

    [Fact]
    public void Render_NoPoints_SaysNoDataWithoutALine()
    {
        var svg = SvgChart.Render("empty", [new ChartSeries("a", [])], X, SvgChart.Compact);

        svg.Should().Contain("no data").And.NotContain("<polyline");
    }

    [Fact]
    public void Render_TwoSeries_DrawsAPolylineAndADotPerPoint()
    {
        var svg = SvgChart.Render("two", [new ChartSeries("a", [new(0, 1), new(1, 2), new(2, 3)]), new ChartSeries("b", [new(0, 3), new(2, 1)])], X, SvgChart.Compact);

        svg.Split("<polyline").Should().HaveCount(3);
        svg.Split("<circle").Should().HaveCount(6);
    }

    [Fact]
    public void Render_FlatSeries_DrawsALineInsideThePlot()
    {
        var svg = SvgChart.Render("flat", [new ChartSeries("a", [new(5, 0), new(5, 0)])], X, SvgChart.Compact, width: 300, height: 100);

        svg.Should().Contain("<polyline").And.NotContain("NaN").And.NotContain("Infinity");
    }

    [Fact]
    public void Render_HostileNames_AreEncoded()
    {
        var series = new ChartSeries("<img src=x onerror=alert(1)>", [new(0, 1), new(1, 2)]);

        var html = SvgChart.Render("</title><script>", [series], X, SvgChart.Compact) + SvgChart.Legend([series, series]);

        html.Should().NotContain("<img").And.NotContain("<script").And.Contain("&lt;img src=x onerror=alert(1)&gt;");
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(0.0123, "0.012")]
    [InlineData(1.5, "1.5")]
    [InlineData(230, "230")]
    [InlineData(12_300, "12.3k")]
    [InlineData(2_500_000, "2.5M")]
    public void Compact_Value_IsShortAndInvariant(double value, string expected)
    {
        SvgChart.Compact(value).Should().Be(expected);
    }

    [Fact]
    public void Downsample_LongSeries_AveragesIntoBucketsKeepingTheEnds()
    {
        var points = Enumerable.Range(0, 10_000).Select(i => new ChartPoint(i, i % 2 == 0 ? 0 : 2)).ToList();

        var drawn = SvgChart.Downsample(points, buckets: 100);

        drawn.Should().HaveCount(100);
        drawn.Should().OnlyContain(p => p.Y == 1);
        drawn[0].X.Should().BeLessThan(100);
        drawn[^1].X.Should().BeGreaterThan(9_900);
    }

    [Fact]
    public void Downsample_ShortSeries_IsUnchanged()
    {
        IReadOnlyList<ChartPoint> points = [new(0, 1), new(1, 2)];

        SvgChart.Downsample(points).Should().BeSameAs(points);
    }
}
