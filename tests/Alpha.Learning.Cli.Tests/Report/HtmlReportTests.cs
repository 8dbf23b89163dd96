using System.Globalization;
using System.Text.RegularExpressions;

using Alpha.Learning.Cli.Report;
using Alpha.Learning.ReportSeed;

namespace Alpha.Learning.Cli.Tests.Report;

public sealed partial class HtmlReportTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [GeneratedRegex("<polyline [^>]*points=\"([^\"]*)\"")]
    private static partial Regex PolylinePoints();

    [GeneratedRegex("<div class=\"card (pattern|metric)\">.*?</div><svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex ChartCards();

    [Fact]
    public void Render_SeededStore_DrawsAPatternChartPerTopPatternWithEveryCycle()
    {
        var patternCards = Regex.Matches(fixture.Html, "<div class=\"card pattern\">.*?</svg>", RegexOptions.Singleline);

        patternCards.Should().HaveCount(ReportSeeder.Days > 0 ? 8 : 0);
        foreach (Match card in patternCards)
        {
            var points = PolylinePoints().Match(card.Value);
            points.Success.Should().BeTrue();
            points.Groups[1].Value.Split(' ').Should().HaveCount(ReportSeeder.Days, "a point is drawn for each cycle");
        }
    }

    [Fact]
    public void Render_SeededStore_DrawsPointsInsideTheChartArea()
    {
        var coordinates = PolylinePoints().Matches(fixture.Html)
            .SelectMany(m => m.Groups[1].Value.Split(' '))
            .Select(pair => pair.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToList();

        coordinates.Should().NotBeEmpty();
        coordinates.Should().OnlyContain(c => c.Length == 2 && c[0] >= 0 && c[0] <= 560 && c[1] >= 0 && c[1] <= 200);
    }

    [Fact]
    public void Render_SeededStore_DrawsOneTrendChartPerMetricNameWithALinePerSubject()
    {
        foreach (var (name, subjects) in ReportSeeder.MetricSubjects)
        {
            var card = Regex.Match(fixture.Html, "<div class=\"card metric\"><h3>" + Regex.Escape(name) + "</h3>.*?</svg>", RegexOptions.Singleline);

            card.Success.Should().BeTrue($"the metric {name} has a chart");
            PolylinePoints().Matches(card.Value).Should().HaveCount(subjects.Length);
        }
    }

    [Fact]
    public void Render_OutcomeChart_MarksEveryChangeBeforeAndAfterWhateverItsTargetMetric()
    {
        // Every change is judged on the agent's outcomes, so the success chart shows each change, not only the ones
        // aimed at the success rate (the routing change aims at cost per call; its rollback is marked here too).
        var card = Regex.Match(fixture.Html, "<div class=\"card metric\"><h3>success_rate</h3>.*?</svg>", RegexOptions.Singleline).Value;

        card.Should().Contain("applied: Raise the web_research timeout to 45 s").And.Contain("rolled back: " + ReportSeeder.RolledBackTitle);
        fixture.Html.IndexOf("<h3>success_rate</h3>", StringComparison.Ordinal).Should()
            .BeLessThan(fixture.Html.IndexOf("<h3>error_rate</h3>", StringComparison.Ordinal), "the outcomes come first");
    }

    [Fact]
    public void Render_ImprovementAimedAtAMetric_MarksItsApplyAndRollbackOnThatChart()
    {
        var card = Regex.Match(fixture.Html, "<div class=\"card metric\"><h3>cost_per_call</h3>.*?</svg>", RegexOptions.Singleline).Value;

        card.Should().Contain("class=\"marker\"").And.Contain("class=\"marker rollback\"").And.Contain("rolled back: " + ReportSeeder.RolledBackTitle);
    }

    [Fact]
    public void Render_SeededStore_ListsEveryImprovementWithStatusVerdictAndTimes()
    {
        var rows = Regex.Matches(fixture.Html, "<tr class=\"improvement[^\"]*\">.*?</tr>", RegexOptions.Singleline);

        rows.Should().HaveCount(fixture.Data.Improvements.Count).And.HaveCount(6);
        var rolledBack = rows.Single(r => r.Value.Contains(ReportSeeder.RolledBackTitle, StringComparison.Ordinal)).Value;
        rolledBack.Should().StartWith("<tr class=\"improvement rolled-back\">");
        rolledBack.Should().Contain(">rolled_back<").And.Contain(">regressed<").And.Contain("cost_per_call: regressed</b> (p=0.002)");
        var improvement = fixture.Data.Improvements.Single(r => r.Improvement.Title == ReportSeeder.RolledBackTitle).Improvement;
        rolledBack.Should().Contain(improvement.AppliedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        rolledBack.Should().Contain(improvement.RolledBackAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        rows.Select(r => r.Value).Should().Contain(r => r.Contains(">pending_approval<", StringComparison.Ordinal))
            .And.Contain(r => r.Contains(">improved<", StringComparison.Ordinal))
            .And.Contain(r => r.Contains(">failed<", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_HostilePatternKey_AppearsOnlyEncoded()
    {
        fixture.Html.Should().NotContain(ReportSeeder.HostileKey);
        fixture.Html.Should().NotContainEquivalentOf("<script");
        fixture.Html.Should().NotContain("<b>bold</b>");
        fixture.Html.Should().Contain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public void Render_Always_HasAStrictContentSecurityPolicyAndNothingToFetch()
    {
        fixture.Html.Should().Contain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        fixture.Html.Should().NotContainAny("src=", "href=", "<link", "url(", "@import", "http://", "https://");
    }

    [Fact]
    public void Render_SeededStore_ShowsTheStoreStatistics()
    {
        var statistics = fixture.Html[fixture.Html.IndexOf("<section id=\"statistics\">", StringComparison.Ordinal)..];

        statistics.Should().Contain("<td class=\"text\">recurring_error</td><td class=\"num\">3</td>");
        statistics.Should().Contain("<td class=\"text\">rolled_back</td><td class=\"num\">1</td>");
        statistics.Should().Contain("<td class=\"text\">cycles</td><td class=\"num\">14</td>");
    }

    [Fact]
    public void Render_EmptyStore_SaysNothingRecordedYet()
    {
        var html = HtmlReport.Render(ReportData.Empty("learning.db", ReportFixture.Now, since: null));

        html.Should().Contain("Nothing recorded yet").And.NotContain("<svg").And.Contain("Content-Security-Policy");
    }

    [Fact]
    public async Task LoadAsync_Since_KeepsOnlyWhatHappenedInTheWindow()
    {
        var since = ReportFixture.Now.AddDays(-3);

        var data = await Commands.ReportCommand.LoadAsync(fixture.Database, ReportFixture.Now, since, CancellationToken.None);

        data.Metrics.Should().NotBeEmpty().And.OnlyContain(m => m.Timestamp >= since);
        data.Patterns.Should().NotBeEmpty().And.OnlyContain(p => p.History.Count == 3 && p.History.All(h => h.RecordedAt >= since));
        data.Improvements.Should().HaveCountLessThan(fixture.Data.Improvements.Count);
        HtmlReport.Render(data).Should().Contain("since " + since.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Render_SeededStore_EveryChartHasATitleAndAxisLabels()
    {
        var charts = ChartCards().Matches(fixture.Html);

        charts.Should().HaveCount(8 + ReportSeeder.MetricSubjects.Count);
        charts.Should().OnlyContain(m => m.Value.Contains("<title>", StringComparison.Ordinal) && m.Value.Contains("<text ", StringComparison.Ordinal));
    }
}
