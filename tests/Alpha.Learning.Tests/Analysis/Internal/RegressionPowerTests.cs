using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class RegressionPowerTests
{
    private const double Level = 0.01 / RegressionPower.TaskComparisons;

    [Fact]
    public void RateStep_AgainstSimulatedWindows_MatchesHowOftenTheRuleFires()
    {
        // 400 runs a week at 8.3 % against four weeks at 3 % (seed 1088's step in the first generator): draw both
        // counts, apply the evaluator's rule (Fisher's p at Holm's first threshold, +2 points and ×1.5 floors).
        var random = new Random(20261206);
        const int trials = 3000;
        var fired = 0;
        for (var i = 0; i < trials; i++)
        {
            var x1 = Binomial(random, 400, 0.083);
            var x0 = Binomial(random, 1600, 0.0298);
            var (q1, q0) = (x1 / 400d, x0 / 1600d);
            if (q1 - q0 >= 0.02 && (q0 == 0 || q1 / q0 >= 1.5) && RegressionStatistics.FisherGreater(x1, 400, x0, 1600) <= Level)
            {
                fired++;
            }
        }

        var power = RegressionPower.RateStep(0.0298, 0.083, 400, 1600, Level, 0.02, 1.5);

        // Three standard errors of the simulated share.
        power.Should().BeApproximately((double)fired / trials, 3 * Math.Sqrt(power * (1 - power) / trials));
        power.Should().BeInRange(0.6, 0.95, "a +5-point step at 400 runs a week is missed often enough to fail a many-seed target");
    }

    [Theory]
    [InlineData(0.03, 400, 1600)]
    [InlineData(0.01, 150, 600)]
    [InlineData(0.2, 2000, 8000)]
    public void RateStep_NoChange_FiresAtMostAtTheLevel(double rate, long n1, long n0) =>
        RegressionPower.RateStep(rate, rate, n1, n0, Level, 0, 1).Should().BeLessThanOrEqualTo(Level);

    [Fact]
    public void SmallestDetectableRate_IsWhereThePowerReachesItsTarget()
    {
        var p1 = RegressionPower.SmallestDetectableRate(0.03, 500, 2000, Level, 0.999, 0.02, 1.5);

        p1.Should().BeInRange(0.09, 0.12, "from 3 % at 500 runs a week the step must reach about 10 %");
        RegressionPower.RateStep(0.03, p1, 500, 2000, Level, 0.02, 1.5).Should().BeGreaterThanOrEqualTo(0.999);
        RegressionPower.RateStep(0.03, p1 - 0.002, 500, 2000, Level, 0.02, 1.5).Should().BeLessThan(0.999);
    }

    [Fact]
    public void SmallestDetectableRate_MoreRuns_FindsASmallerStep()
    {
        var few = RegressionPower.SmallestDetectableRate(0.03, 300, 1200, Level, 0.999, 0.02, 1.5);
        var many = RegressionPower.SmallestDetectableRate(0.03, 3000, 12000, Level, 0.999, 0.02, 1.5);

        many.Should().BeLessThan(few);
        many.Should().BeGreaterThanOrEqualTo(0.05, "the +2-point floor holds however many runs there are");
    }

    [Fact]
    public void SmallestDetectableRate_TooFewRuns_IsNaN() =>
        RegressionPower.SmallestDetectableRate(0.03, 3, 12, Level, 0.999, 0.02, 1.5).Should().Be(double.NaN);

    private static int Binomial(Random random, int n, double p)
    {
        var x = 0;
        for (var i = 0; i < n; i++)
        {
            x += random.NextDouble() < p ? 1 : 0;
        }

        return x;
    }
}
