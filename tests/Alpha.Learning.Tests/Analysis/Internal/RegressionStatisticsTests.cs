using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class RegressionStatisticsTests
{
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959963984540054, 0.025)]
    [InlineData(3.090232306167813, 0.001)]
    [InlineData(-1.644853626951472, 0.95)]
    public void UpperTail_KnownQuantiles_MatchTables(double z, double expected) =>
        RegressionStatistics.UpperTail(z).Should().BeApproximately(expected, expected * 1e-5);

    [Theory]
    [InlineData(0.05)]
    [InlineData(1e-6)]
    [InlineData(0.7)]
    public void UpperQuantile_OfUpperTail_RoundTrips(double p) =>
        RegressionStatistics.UpperTail(RegressionStatistics.UpperQuantile(p)).Should().BeApproximately(p, p * 1e-5);

    [Theory]
    [InlineData(28, 420, 50, 1680, 6.331413783551678e-4)]
    [InlineData(6, 60, 4, 240, 5.510082225934654e-3)]
    [InlineData(4, 60, 4, 240, 0.05380988495386175)]
    public void FisherGreater_KnownTables_IsTheHypergeometricUpperTail(long x1, long n1, long x0, long n0, double expected) =>
        RegressionStatistics.FisherGreater(x1, n1, x0, n0).Should().BeApproximately(expected, expected * 1e-9);

    [Fact]
    public void FisherGreater_FewEvents_IsNotAsSmallAsTheNormalApproximation()
    {
        // 7 of 60 against 4 of 240: the normal approximation says p = 1.1e-4, the exact tail 1.6e-3 (counts this small
        // are where the approximation raises false alerts).
        RegressionStatistics.FisherGreater(7, 60, 4, 240).Should().BeApproximately(1.5822321862780523e-3, 1e-12);
        RegressionStatistics.TwoProportionGreater(7, 60, 4, 240).Should().BeLessThan(2e-4);
    }

    [Fact]
    public void FisherGreater_BelowTheMode_IsOneMinusTheLowerTail()
    {
        RegressionStatistics.FisherGreater(0, 100, 10, 100).Should().Be(1);
        RegressionStatistics.FisherGreater(5, 100, 5, 100).Should().BeInRange(0.5, 0.7);
        RegressionStatistics.FisherGreater(2, 100, 8, 100).Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void TwoProportionGreater_StepFromTwoToNinePercent_IsSignificant()
    {
        RegressionStatistics.TwoProportionGreater(45, 500, 40, 2000).Should().BeLessThan(1e-6);
        RegressionStatistics.TwoProportionGreater(40, 2000, 45, 500).Should().BeGreaterThan(0.99);
    }

    [Fact]
    public void Holm_StepsDown_RejectsOnlyWhatSurvivesItsRank()
    {
        var rejected = RegressionStatistics.Holm([0.001, 0.04, 0.012, 0.3], 0.05);

        // 0.001 <= 0.05/4, 0.012 <= 0.05/3, 0.04 > 0.05/2: stop.
        rejected.Should().Equal(true, false, true, false);
    }

    [Fact]
    public void SeasonalKendall_LinearSeries_GivesExactSenSlopeAndSmallP()
    {
        var values = Enumerable.Range(0, 30).Select(i => 10 + (0.5 * i) + (i % 3 == 0 ? 0.2 : -0.1)).ToArray();

        var result = RegressionStatistics.SeasonalKendall([values], 0.95);

        result.PValue.Should().BeLessThan(1e-6);
        result.Slope.Should().BeApproximately(0.5, 0.05);
        result.Lower.Should().BeGreaterThan(0.4);
        result.Upper.Should().BeLessThan(0.6);
    }

    [Fact]
    public void SeasonalKendall_AlternatingSeries_FindsNoTrend()
    {
        var values = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 1.0 : 2.0).ToArray();

        RegressionStatistics.SeasonalKendall([values], 0.95).PValue.Should().BeGreaterThan(0.05);
    }
}
