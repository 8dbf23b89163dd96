using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

/// <summary>The bulk bucket indices (used by the merge) are the indices a value added alone gets, boundaries included.</summary>
public sealed class QuantileSketchIndexTests
{
    [Fact]
    public void IndexesOf_ValuesOverEveryMagnitude_EqualTheIndexOfEachValueAlone()
    {
        var random = new Random(18);
        var values = new double[200_003];
        for (var i = 0; i < values.Length; i++)
        {
            // Log-uniform from 1e-12 to 1e300, some zeros and values just around the zero threshold.
            values[i] = (i % 97) switch
            {
                0 => 0,
                1 => 1e-9 * (0.5 + random.NextDouble()),
                _ => Math.Pow(10, (random.NextDouble() * 312) - 12),
            };
        }

        AssertSameIndexes(values);
    }

    [Fact]
    public void IndexesOf_ValuesOnAndNextToBucketBoundaries_EqualTheIndexOfEachValueAlone()
    {
        // γ^k, and the doubles just below and above it: where ⌈ln v / ln γ⌉ changes, and where an estimate of ln v could
        // fall on the wrong side.
        var gamma = (1 + QuantileSketch.Accuracy) / (1 - QuantileSketch.Accuracy);
        var values = new List<double>();
        for (var k = -1000; k <= 1000; k++)
        {
            var boundary = Math.Pow(gamma, k);
            values.Add(Math.BitDecrement(Math.BitDecrement(boundary)));
            values.Add(Math.BitDecrement(boundary));
            values.Add(boundary);
            values.Add(Math.BitIncrement(boundary));
            values.Add(Math.BitIncrement(Math.BitIncrement(boundary)));
            values.Add(Math.Exp(k * Math.Log(gamma)));
        }

        var crossings = values.Zip(values.Skip(1)).Count(p => QuantileSketch.IndexOf(p.First) != QuantileSketch.IndexOf(p.Second));
        crossings.Should().BeGreaterThan(1000, "the values straddle the bucket boundaries");
        AssertSameIndexes([.. values]);
    }

    private static void AssertSameIndexes(double[] values)
    {
        var indexes = new int[values.Length];

        QuantileSketch.IndexesOf(values, indexes);

        for (var i = 0; i < values.Length; i++)
        {
            if (indexes[i] != QuantileSketch.IndexOf(values[i]))
            {
                indexes[i].Should().Be(QuantileSketch.IndexOf(values[i]), "the value {0:R} (at {1}) gets the index it gets alone", values[i], i);
            }
        }
    }
}
