using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

using Alpha.Learning.Internal;

namespace Alpha.Learning.Analysis;

/// <summary>
/// The kind of change a recommendation makes, and so which <see cref="Improvements.IImprovementAction"/> carries it
/// out: an open set of snake_case names. The built-in actions use the well-known values below (<c>config_update</c>,
/// <c>model_routing</c>, <c>tool_strategy</c>, <c>error_handling</c>); a plugin declares its own with
/// <c>new ActionType("cache_tuning")</c>. A name is serialised as given (JSON, the store, the CLI).
/// </summary>
/// <remarks>
/// A name must be safe: 1 to 64 characters, a lowercase ASCII letter first, then lowercase ASCII letters, digits or
/// <c>_</c>. Two values are equal when their names are equal (ordinal). The <see langword="default"/> value has no name
/// and is not valid anywhere an action type is expected.
/// </remarks>
[JsonConverter(typeof(Converter))]
public readonly struct ActionType : IEquatable<ActionType>
{
    /// <summary>Creates an action type from its name.</summary>
    /// <param name="value">The snake_case name, for example <c>cache_tuning</c>.</param>
    /// <exception cref="ArgumentException">The name is not a safe name.</exception>
    public ActionType(string value)
    {
        Value = ExtensionNames.Require(value, "action type", nameof(value));
    }

    /// <summary>Gets <c>config_update</c>: a plain configuration value (for example a task timeout).</summary>
    public static ActionType ConfigUpdate { get; } = new("config_update");

    /// <summary>Gets <c>model_routing</c>: route a task type to another model.</summary>
    public static ActionType ModelRouting { get; } = new("model_routing");

    /// <summary>Gets <c>tool_strategy</c>: how a tool is used (timeout, caching, de-duplication).</summary>
    public static ActionType ToolStrategy { get; } = new("tool_strategy");

    /// <summary>Gets <c>error_handling</c>: retries and backoff for an error type.</summary>
    public static ActionType ErrorHandling { get; } = new("error_handling");

    /// <summary>Gets the snake_case name, for example <c>config_update</c> (<see langword="null"/> for the <see langword="default"/> value).</summary>
    public string Value { get; }

    /// <summary>Compares two values by name.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the names are equal.</returns>
    public static bool operator ==(ActionType left, ActionType right) => left.Equals(right);

    /// <summary>Compares two values by name.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the names differ.</returns>
    public static bool operator !=(ActionType left, ActionType right) => !left.Equals(right);

    /// <summary>Whether a name is a safe action type name.</summary>
    /// <param name="value">The name.</param>
    /// <returns><see langword="true"/> when <c>new ActionType(value)</c> would succeed.</returns>
    public static bool IsValidName([NotNullWhen(true)] string? value) => ExtensionNames.IsSafe(value);

    /// <inheritdoc/>
    public bool Equals(ActionType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ActionType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the name.</summary>
    /// <returns>The snake_case name (empty for the <see langword="default"/> value).</returns>
    public override string ToString() => Value ?? string.Empty;

    /// <summary>Reads and writes an <see cref="ActionType"/> as its name, a JSON string.</summary>
    internal sealed class Converter : JsonConverter<ActionType>
    {
        /// <inheritdoc/>
        public override ActionType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return IsValidName(name) ? new ActionType(name) : throw new JsonException(ExtensionNames.Describe(name, "action type"));
        }

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, ActionType value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value.Value);
        }
    }
}
