namespace Alpha.Learning.Improvements;

/// <summary>
/// One configuration value changed by an improvement, or reverted by its rollback: the per-path history
/// behind cooldowns, same-direction limits and oscillation detection.
/// </summary>
public sealed class PathChange
{
    /// <summary>Gets the dotted configuration path.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the value before: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public object? OldValue { get; init; }

    /// <summary>Gets the value after: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public object? NewValue { get; init; }

    /// <summary>Gets the id of the improvement that made the change.</summary>
    public required string ImprovementId { get; init; }

    /// <summary>Gets whether the change applied or reverted the improvement. The default value is <see cref="PathChangeKind.Applied"/>.</summary>
    public PathChangeKind Kind { get; init; }

    /// <summary>Gets which way the value moved. The default value is <see cref="ChangeDirection.Other"/>; see <see cref="DirectionOf"/>.</summary>
    public ChangeDirection Direction { get; init; }

    /// <summary>Gets when the change was written.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Computes which way a value moved: numbers compare, anything else is <see cref="ChangeDirection.Other"/>.</summary>
    /// <param name="oldValue">The value before.</param>
    /// <param name="newValue">The value after.</param>
    /// <returns>The direction of the change.</returns>
    public static ChangeDirection DirectionOf(object? oldValue, object? newValue)
    {
        if (!TryNumber(oldValue, out var before) || !TryNumber(newValue, out var after) || before == after)
        {
            return ChangeDirection.Other;
        }

        return after > before ? ChangeDirection.Increase : ChangeDirection.Decrease;

        static bool TryNumber(object? value, out double number)
        {
            switch (value)
            {
                case long l: number = l; return true;
                case int i: number = i; return true;
                case double d when double.IsFinite(d): number = d; return true;
                default: number = 0; return false;
            }
        }
    }
}
