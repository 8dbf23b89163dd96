using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Alpha.Learning.Internal;

/// <summary>
/// The snake_case names of one enum, built once from the source-generated <see cref="AlphaLearningJsonContext"/>
/// (so they are the names the JSON serializer writes), and their parsing.
/// </summary>
/// <typeparam name="TEnum">An enum registered in <see cref="AlphaLearningJsonContext"/>.</typeparam>
internal static class SnakeCaseNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (TEnum Value, string Name)[] Table = BuildTable();
    private static readonly FrozenDictionary<TEnum, string> Names = Table.ToFrozenDictionary(p => p.Value, p => p.Name);
    private static readonly FrozenDictionary<string, TEnum> Values = Table.ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    private static readonly string Description = Describe(typeof(TEnum).Name);

    public static string ToName(TEnum value) =>
        Names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Unknown {Description}.");

    public static TEnum Parse(string? name) =>
        name is not null && Values.TryGetValue(name, out var value)
            ? value
            : throw new FormatException($"'{name}' is {Article(Description)} {Description} ({List()}).");

    private static (TEnum Value, string Name)[] BuildTable()
    {
        var info = AlphaLearningJsonContext.Default.GetTypeInfo(typeof(TEnum)) as JsonTypeInfo<TEnum>
            ?? throw new InvalidOperationException($"{typeof(TEnum).Name} is not registered in {nameof(AlphaLearningJsonContext)}.");

        // In declaration (value) order; a snake_case name needs no JSON escaping, so the name is the text between the quotes.
        return [.. Enum.GetValues<TEnum>().Select(value => (value, JsonSerializer.Serialize(value, info)[1..^1]))];
    }

    private static string List() =>
        Table.Length == 1 ? Table[0].Name : string.Join(", ", Table[..^1].Select(p => p.Name)) + " or " + Table[^1].Name;

    // "ImprovementStatus" → "improvement status".
    private static string Describe(string typeName)
    {
        var text = new StringBuilder(typeName.Length + 4);
        for (var i = 0; i < typeName.Length; i++)
        {
            if (i > 0 && char.IsUpper(typeName[i]))
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(typeName[i]));
        }

        return text.ToString();
    }

    private static string Article(string words) => "aeiou".Contains(words[0], StringComparison.Ordinal) ? "not an" : "not a";
}
