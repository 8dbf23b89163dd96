using System.Globalization;

namespace Alpha.Learning.Internal;

/// <summary>
/// A lower (and optionally an upper) bound on a <see cref="TimeSpan"/> option, checked by the generated options
/// validators; the message names the setting as a configuration key and the offending value
/// (<c>FeedbackLoop:VerificationDeadline must be positive; it is -1.00:00:00.</c>). An unset nullable duration passes.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal sealed class SettingDurationAttribute : SettingAttribute
{
    /// <summary>Initializes a new instance of the <see cref="SettingDurationAttribute"/> class.</summary>
    /// <param name="minimumSeconds">The shortest duration allowed, in seconds.</param>
    public SettingDurationAttribute(double minimumSeconds)
    {
        Minimum = TimeSpan.FromSeconds(minimumSeconds);
    }

    /// <summary>Gets the shortest duration allowed (or the bound above which durations are allowed, when <see cref="MinimumIsExclusive"/>).</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Gets or sets a value indicating whether <see cref="Minimum"/> itself is out of range.</summary>
    public bool MinimumIsExclusive { get; set; }

    /// <summary>Gets or sets the longest duration allowed, in seconds; the default, infinity, sets no upper bound.</summary>
    public double MaximumSeconds { get; set; } = double.PositiveInfinity;

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        TimeSpan span => (MinimumIsExclusive ? span > Minimum : span >= Minimum) && (double.IsPositiveInfinity(MaximumSeconds) || span <= TimeSpan.FromSeconds(MaximumSeconds)),
        _ => throw new InvalidOperationException($"{nameof(SettingDurationAttribute)} applies to TimeSpan options, not {value.GetType().Name}."),
    };

    /// <inheritdoc/>
    protected override string Problem(object? value)
    {
        var maximum = double.IsPositiveInfinity(MaximumSeconds) ? (TimeSpan?)null : TimeSpan.FromSeconds(MaximumSeconds);
        var rule = (Minimum == TimeSpan.Zero, MinimumIsExclusive, maximum) switch
        {
            (true, true, null) => "must be positive",
            (true, false, null) => "cannot be negative",
            (false, true, null) => string.Create(CultureInfo.InvariantCulture, $"must be longer than {Minimum}"),
            (false, false, null) => string.Create(CultureInfo.InvariantCulture, $"must be at least {Minimum}"),
            (true, true, { } most) => string.Create(CultureInfo.InvariantCulture, $"must be positive and at most {most}"),
            (false, true, { } most) => string.Create(CultureInfo.InvariantCulture, $"must be longer than {Minimum} and at most {most}"),
            (_, false, { } most) => string.Create(CultureInfo.InvariantCulture, $"must be between {Minimum} and {most}"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{rule}; it is {value}.");
    }
}
