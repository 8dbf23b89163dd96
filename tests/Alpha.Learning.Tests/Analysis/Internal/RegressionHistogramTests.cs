using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class RegressionHistogramTests
{
    [Fact]
    public void Quantile_UniformValues_IsWithinHalfABin()
    {
        var histogram = new RegressionHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Add(i / 100.0);
        }

        histogram.Quantile(0.5).Should().BeApproximately(5, 5 * 0.05);
        histogram.Quantile(0.95).Should().BeApproximately(9.5, 9.5 * 0.05);
        histogram.Mean.Should().BeApproximately(5.005, 1e-9);
    }

    [Fact]
    public void Merge_TwoHalves_EqualsTheWhole()
    {
        var (a, b, whole) = (new RegressionHistogram(), new RegressionHistogram(), new RegressionHistogram());
        for (var i = 0; i < 500; i++)
        {
            var value = Math.Exp(i / 100.0);
            (i % 2 == 0 ? a : b).Add(value);
            whole.Add(value);
        }

        a.Merge(b);

        a.Count.Should().Be(whole.Count);
        a.Quantile(0.9).Should().Be(whole.Quantile(0.9));
    }

    [Fact]
    public void MannWhitneyGreater_DoubledValues_IsSignificant_SameValues_IsNot()
    {
        var random = new Random(3);
        var (before, same, doubled) = (new RegressionHistogram(), new RegressionHistogram(), new RegressionHistogram());
        for (var i = 0; i < 300; i++)
        {
            var value = Math.Exp(random.NextDouble());
            before.Add(value);
            same.Add(Math.Exp(random.NextDouble()));
            doubled.Add(2 * Math.Exp(random.NextDouble()));
        }

        RegressionHistogram.MannWhitneyGreater(doubled, before).PValue.Should().BeLessThan(1e-10);
        RegressionHistogram.MannWhitneyGreater(same, before).PValue.Should().BeGreaterThan(0.001);
    }

    [Fact]
    public void Add_ZeroAndNegative_CountAsZeros()
    {
        var histogram = new RegressionHistogram();
        histogram.Add(0);
        histogram.Add(-1);
        histogram.Add(double.NaN);

        histogram.Count.Should().Be(2);
        histogram.Zeros.Should().Be(2);
        histogram.Quantile(0.5).Should().Be(0);
    }

    [Fact]
    public void Edges_Constants_AreTheBoundsTheLogarithmGives()
    {
        // The constant table of where each eighth of a doubling starts must be exactly what Math.Log2 says, on the
        // platform the tests run on: the bits and the logarithm then bin every value alike.
        var edges = RegressionHistogram.Edges.ToArray();

        edges[1..^1].Should().Equal(RegressionHistogram.ComputeMantissaBounds());
        edges[0].Should().Be(0);
        edges[^1].Should().Be(1L << 52);
    }

    [Fact]
    public void IndexOf_ManyValues_AgreesWithTheLogarithm()
    {
        // The bin read from the bits must be the bin of floor(log2(v) × 8): the binning (and so every quantile and
        // rank test) is unchanged by the faster arithmetic. Values from 1e-13 to 1e19, plus the bounds of each eighth.
        var random = new Random(19);
        var values = new List<double>();
        for (var i = 0; i < 200_000; i++)
        {
            values.Add(Math.Pow(10, (random.NextDouble() * 32) - 13));
            values.Add(Math.Round(random.NextDouble() * 100, 3));
            values.Add(random.Next(1, 1_000_000));
        }

        for (var exponent = -45; exponent <= 65; exponent++)
        {
            for (var k = 0; k < 8; k++)
            {
                var bound = Math.Pow(2, exponent + (k / 8.0));
                values.AddRange([bound, Math.BitDecrement(bound), Math.BitIncrement(bound)]);
            }
        }

        var disagreements = values.Where(v => v > 0)
            .Where(v => RegressionHistogram.IndexOf(v) != Math.Clamp((int)Math.Floor(Math.Log2(v) * 8), -320, 480))
            .Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        disagreements.Should().BeEmpty();
    }
}
