using System.Runtime.Intrinsics;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The bucket indices of many kept values at once, for the merge (a fleet leader moves millions of kept values into
/// buckets): the same index as <see cref="AddToBuckets"/> gives each value, computed several values a step.
/// </summary>
/// <remarks>
/// A value's index is <c>⌈ln v / ln γ⌉</c> with <see cref="Math.Log(double)"/>. Here <c>ln v</c> is computed in vector
/// registers (the exponent times ln 2, plus <c>2·atanh(s)</c> of the mantissa by its series to <c>s¹⁹</c>, |s| ≤ 0.172),
/// within about 1e-13 of <c>ln v</c> in units of the index; where that estimate lies within <see cref="IndexMargin"/> of
/// an integer (about two values in a billion), the index is taken from <see cref="Math.Log(double)"/> itself. So every
/// index equals the one a value added alone gets, and the merge stays the sketch of the union.
/// </remarks>
internal sealed partial class QuantileSketch
{
    /// <summary>The index given to a value below <see cref="MinPositive"/> (counted as zero, in no bucket).</summary>
    internal const int ZeroIndex = int.MinValue;

    private const double IndexMargin = 1e-9;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Returns the bucket index of <paramref name="value"/> as <see cref="AddToBuckets"/> computes it, or <see cref="ZeroIndex"/>.</summary>
    internal static int IndexOf(double value) => value < MinPositive ? ZeroIndex : (int)Math.Ceiling(Math.Log(value) / LogGamma);

    /// <summary>Writes the bucket index of each value (finite, not negative) into <paramref name="indexes"/>: what <see cref="IndexOf"/> gives each.</summary>
    internal static void IndexesOf(ReadOnlySpan<double> values, Span<int> indexes)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var ln2 = Vector256.Create(Math.Log(2));
            var perIndex = Vector256.Create(1 / LogGamma);
            var margin = Vector256.Create(IndexMargin);
            var one = Vector256<double>.One;
            var sqrt2 = Vector256.Create(Sqrt2);
            var half = Vector256.Create(0.5);
            var mantissa = Vector256.Create(0x000F_FFFF_FFFF_FFFFUL);
            var exponentOne = Vector256.Create(0x3FF0_0000_0000_0000UL);
            var bias = Vector256.Create(1023L);
            for (; i + Vector256<double>.Count <= values.Length; i += Vector256<double>.Count)
            {
                var v = Vector256.Create(values.Slice(i, Vector256<double>.Count));
                var bits = v.AsUInt64();
                var exponent = Vector256.ConvertToDouble((bits >> 52).AsInt64() - bias);
                var m = ((bits & mantissa) | exponentOne).AsDouble(); // [1, 2)
                var high = Vector256.GreaterThan(m, sqrt2);
                m = Vector256.ConditionalSelect(high, m * half, m); // [√2/2, √2)
                exponent += one & high;
                var s = (m - one) / (m + one);
                var z = s * s;
                var p = Vector256.Create(1.0 / 19);
                p = (p * z) + Vector256.Create(1.0 / 17);
                p = (p * z) + Vector256.Create(1.0 / 15);
                p = (p * z) + Vector256.Create(1.0 / 13);
                p = (p * z) + Vector256.Create(1.0 / 11);
                p = (p * z) + Vector256.Create(1.0 / 9);
                p = (p * z) + Vector256.Create(1.0 / 7);
                p = (p * z) + Vector256.Create(1.0 / 5);
                p = (p * z) + Vector256.Create(1.0 / 3);
                p = (p * z) + one;
                var y = ((exponent * ln2) + (s * p * 2)) * perIndex;
                var low = Vector256.Ceiling(y - margin);
                var up = Vector256.Ceiling(y + margin);
                for (var k = 0; k < Vector256<double>.Count; k++)
                {
                    var value = values[i + k];
                    var index = low.GetElement(k);
                    indexes[i + k] = value < MinPositive ? ZeroIndex : index == up.GetElement(k) ? (int)index : IndexOf(value);
                }
            }
        }

        for (; i < values.Length; i++)
        {
            indexes[i] = IndexOf(values[i]);
        }
    }

    /// <summary>Adds the values to the buckets in their order (as <see cref="AddToBuckets"/> one by one would), their indices computed together.</summary>
    private void AddAllToBuckets(ReadOnlySpan<double> values)
    {
        Span<int> indexes = values.Length <= ExactCapacity ? stackalloc int[values.Length] : new int[values.Length];
        IndexesOf(values, indexes);
        var buckets = _buckets!;
        foreach (var index in indexes)
        {
            if (index == ZeroIndex)
            {
                _zeroCount++;
            }
            else if (!buckets.TryIncrement(index))
            {
                AddToBucket(index, 1);
            }
        }
    }
}
