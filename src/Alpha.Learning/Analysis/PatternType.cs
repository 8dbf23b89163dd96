using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

using Alpha.Learning.Internal;

namespace Alpha.Learning.Analysis;

/// <summary>
/// The kind of a detected <see cref="LogPattern"/>: an open set of snake_case names. The built-in detectors use the
/// well-known values below (<c>recurring_error</c>, <c>slow_operation</c>, …); a plugin detector declares its own with
/// <c>new PatternType("cache_miss")</c>. A name is serialised as given (JSON, the store, the CLI).
/// </summary>
/// <remarks>
/// A name must be safe: 1 to 64 characters, a lowercase ASCII letter first, then lowercase ASCII letters, digits or
/// <c>_</c>. Two values are equal when their names are equal (ordinal). The <see langword="default"/> value has no name
/// and is not valid anywhere a pattern type is expected.
/// </remarks>
[JsonConverter(typeof(Converter))]
public readonly struct PatternType : IEquatable<PatternType>, IComparable<PatternType>
{
    private static readonly string[] WellKnownOrder =
    [
        "recurring_error", "slow_operation", "inefficient_tool_chain", "high_cost_operation", "successful_pattern",
        "timeout_pattern", "regression", "new_error", "trend",
    ];

    /// <summary>Creates a pattern type from its name.</summary>
    /// <param name="value">The snake_case name, for example <c>cache_miss</c>.</param>
    /// <exception cref="ArgumentException">The name is not a safe name.</exception>
    public PatternType(string value)
    {
        Value = ExtensionNames.Require(value, "pattern type", nameof(value));
    }

    /// <summary>Gets <c>recurring_error</c>: the same error (by type and message template) keeps happening.</summary>
    public static PatternType RecurringError { get; } = new("recurring_error");

    /// <summary>Gets <c>slow_operation</c>: a tool or task is slower than its threshold.</summary>
    public static PatternType SlowOperation { get; } = new("slow_operation");

    /// <summary>Gets <c>inefficient_tool_chain</c>: tool calls that waste work (redundant calls, retry loops, chains tied to failure).</summary>
    public static PatternType InefficientToolChain { get; } = new("inefficient_tool_chain");

    /// <summary>Gets <c>high_cost_operation</c>: a model's calls cost more than the threshold.</summary>
    public static PatternType HighCostOperation { get; } = new("high_cost_operation");

    /// <summary>Gets <c>successful_pattern</c>: a task type that reliably succeeds.</summary>
    public static PatternType SuccessfulPattern { get; } = new("successful_pattern");

    /// <summary>Gets <c>timeout_pattern</c>: a task keeps timing out.</summary>
    public static PatternType TimeoutPattern { get; } = new("timeout_pattern");

    /// <summary>Gets <c>regression</c>: a metric got worse than its baseline.</summary>
    public static PatternType Regression { get; } = new("regression");

    /// <summary>Gets <c>new_error</c>: an error that the baseline did not have.</summary>
    public static PatternType NewError { get; } = new("new_error");

    /// <summary>Gets <c>trend</c>: a metric drifting steadily relative to its baseline.</summary>
    public static PatternType Trend { get; } = new("trend");

    /// <summary>Gets the snake_case name, for example <c>recurring_error</c> (<see langword="null"/> for the <see langword="default"/> value).</summary>
    public string Value { get; }

    /// <summary>Compares two values by name.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the names are equal.</returns>
    public static bool operator ==(PatternType left, PatternType right) => left.Equals(right);

    /// <summary>Compares two values by name.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the names differ.</returns>
    public static bool operator !=(PatternType left, PatternType right) => !left.Equals(right);

    /// <summary>Orders two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</returns>
    public static bool operator <(PatternType left, PatternType right) => left.CompareTo(right) < 0;

    /// <summary>Orders two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</returns>
    public static bool operator <=(PatternType left, PatternType right) => left.CompareTo(right) <= 0;

    /// <summary>Orders two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</returns>
    public static bool operator >(PatternType left, PatternType right) => left.CompareTo(right) > 0;

    /// <summary>Orders two values.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</returns>
    public static bool operator >=(PatternType left, PatternType right) => left.CompareTo(right) >= 0;

    /// <summary>Whether a name is a safe pattern type name.</summary>
    /// <param name="value">The name.</param>
    /// <returns><see langword="true"/> when <c>new PatternType(value)</c> would succeed.</returns>
    public static bool IsValidName([NotNullWhen(true)] string? value) => ExtensionNames.IsSafe(value);

    /// <inheritdoc/>
    public bool Equals(PatternType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is PatternType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Orders the well-known values first (in the order listed above), then the others by name (ordinal).</summary>
    /// <param name="other">The other value.</param>
    /// <returns>The order.</returns>
    public int CompareTo(PatternType other)
    {
        var a = Rank(Value);
        var b = Rank(other.Value);
        return a != b ? a.CompareTo(b) : string.CompareOrdinal(Value, other.Value);
    }

    /// <summary>Returns the name.</summary>
    /// <returns>The snake_case name (empty for the <see langword="default"/> value).</returns>
    public override string ToString() => Value ?? string.Empty;

    private static int Rank(string? value)
    {
        var i = value is null ? -1 : Array.IndexOf(WellKnownOrder, value);
        return i < 0 ? WellKnownOrder.Length : i;
    }

    /// <summary>Reads and writes a <see cref="PatternType"/> as its name, a JSON string.</summary>
    internal sealed class Converter : JsonConverter<PatternType>
    {
        /// <inheritdoc/>
        public override PatternType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return IsValidName(name) ? new PatternType(name) : throw new JsonException(ExtensionNames.Describe(name, "pattern type"));
        }

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, PatternType value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value.Value);
        }
    }
}
