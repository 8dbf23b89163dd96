using System.ComponentModel.DataAnnotations;
using System.Globalization;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Internal;

/// <summary>
/// A numeric range on an option, checked by the generated options validators (<c>[OptionsValidator]</c>): unlike
/// <see cref="RangeAttribute"/>, its message names the setting as a configuration key and the offending value
/// (<c>FeedbackLoop:MinConfidence must be between 0 and 1; it is 1.5.</c>), and NaN and infinities are never in range.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SettingRangeAttribute : SettingAttribute
{
    /// <summary>Initializes a new instance of the <see cref="SettingRangeAttribute"/> class: at least <paramref name="minimum"/>.</summary>
    public SettingRangeAttribute(double minimum)
        : this(minimum, double.PositiveInfinity)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SettingRangeAttribute"/> class: from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public SettingRangeAttribute(double minimum, double maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>Gets the lowest value allowed (or the bound above which values are allowed, when <see cref="MinimumIsExclusive"/>).</summary>
    public double Minimum { get; }

    /// <summary>Gets the highest value allowed (or the bound below which values are allowed, when <see cref="MaximumIsExclusive"/>).</summary>
    public double Maximum { get; }

    /// <summary>Gets or sets a value indicating whether <see cref="Minimum"/> itself is out of range.</summary>
    public bool MinimumIsExclusive { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Maximum"/> itself is out of range.</summary>
    public bool MaximumIsExclusive { get; set; }

    /// <summary>The range in words: "between 0 and 1", "a positive number", "at least 1", "at least 0 and below 10".</summary>
    public string Describe()
    {
        var unbounded = double.IsPositiveInfinity(Maximum);
        return (MinimumIsExclusive, MaximumIsExclusive, unbounded) switch
        {
            (true, _, true) when Minimum == 0 => "a positive number",
            (true, _, true) => Inv($"above {Minimum}"),
            (false, _, true) => Inv($"at least {Minimum}"),
            (false, false, false) => Inv($"between {Minimum} and {Maximum}"),
            (false, true, false) => Inv($"at least {Minimum} and below {Maximum}"),
            (true, false, false) => Inv($"above {Minimum} and at most {Maximum}"),
            (true, true, false) => Inv($"between {Minimum} and {Maximum} (exclusive)"),
        };
    }

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        int i => InRange(i),
        long l => InRange(l),
        double d => InRange(d),
        _ => throw new InvalidOperationException($"{nameof(SettingRangeAttribute)} applies to int, long and double options, not {value.GetType().Name}."),
    };

    /// <inheritdoc/>
    protected override string Problem(object? value) =>
        Inv($"must be {Describe()}; it is {Convert.ToString(value, CultureInfo.InvariantCulture)}.");

    private bool InRange(double value) =>
        double.IsFinite(value)
        && (MinimumIsExclusive ? value > Minimum : value >= Minimum)
        && (MaximumIsExclusive ? value < Maximum : value <= Maximum);
}
