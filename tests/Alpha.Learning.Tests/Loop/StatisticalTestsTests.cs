using Alpha.Learning.Loop.Internal;

namespace Alpha.Learning.Tests.Loop;

public class StatisticalTestsTests
{
    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1.959964, 0.975)]
    [InlineData(-1.644854, 0.05)]
    [InlineData(3, 0.998650)]
    public void NormalCdf_KnownValues_AreAccurate(double z, double expected)
    {
        StatisticalTests.NormalCdf(z).Should().BeApproximately(expected, 1e-5);
    }

    [Fact]
    public void MannWhitneyU_ClearlyLargerAfter_IsSignificantWithPositiveEffect()
    {
        var before = Enumerable.Range(0, 60).Select(i => 10.0 + (i % 7)).ToArray();
        var after = Enumerable.Range(0, 60).Select(i => 14.0 + (i % 7)).ToArray();

        var result = StatisticalTests.MannWhitneyU(before, after);

        result.PValue.Should().BeLessThan(0.001);
        result.Effect.Should().BePositive();
    }

    [Fact]
    public void MannWhitneyU_SameDistribution_IsNotSignificant()
    {
        var random = new Random(7);
        var before = Enumerable.Range(0, 80).Select(_ => random.NextDouble() * 10).ToArray();
        var after = Enumerable.Range(0, 80).Select(_ => random.NextDouble() * 10).ToArray();

        StatisticalTests.MannWhitneyU(before, after).PValue.Should().BeGreaterThan(0.05);
    }

    [Fact]
    public void MannWhitneyU_SmallTextbookExample_MatchesTheReference()
    {
        // U = 4 (U2 = 21) for these samples; the normal approximation with continuity correction gives
        // z = 8 / 4.787 = 1.671 and p = 0.0947 (scipy.stats.mannwhitneyu, method="asymptotic", use_continuity=True).
        var result = StatisticalTests.MannWhitneyU([1, 2, 3, 6, 7], [4, 5, 8, 9, 10]);

        result.PValue.Should().BeApproximately(0.0947, 0.001);
        result.Effect.Should().BeApproximately((2 * 21.0 / 25) - 1, 1e-9);
    }

    [Fact]
    public void MannWhitneyU_AllTied_GivesPOne()
    {
        StatisticalTests.MannWhitneyU([5, 5, 5], [5, 5, 5]).PValue.Should().Be(1);
    }

    [Fact]
    public void TwoProportion_KnownExample_MatchesTheReference()
    {
        // 45/100 vs 30/100: z ≈ -2.19, p ≈ 0.0285.
        var result = StatisticalTests.TwoProportion(45, 100, 30, 100);

        result.Statistic.Should().BeApproximately(-2.19, 0.01);
        result.PValue.Should().BeApproximately(0.0285, 0.001);
        result.Effect.Should().BeApproximately(-0.15, 1e-9);
    }

    [Fact]
    public void TwoProportion_NoData_GivesPOne()
    {
        StatisticalTests.TwoProportion(0, 0, 3, 10).PValue.Should().Be(1);
    }
}
