using System.Text.Json;

namespace Alpha.Learning.Internal;

/// <summary>The safe-name rule shared by the open name types (<see cref="Analysis.PatternType"/>, <see cref="Analysis.ActionType"/>).</summary>
internal static class ExtensionNames
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Whether a name is a safe extension name: 1 to 64 characters, a lowercase ASCII letter first, then lowercase ASCII
    /// letters, digits and underscores (snake_case, like the built-in names). Such a name is safe in a store column, a
    /// metric tag, a file name and a JSON document without escaping.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when the name is safe.</returns>
    public static bool IsSafe(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws when a name is not safe.</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">What the name names, for the message (for example <c>pattern type</c>).</param>
    /// <param name="paramName">The parameter name.</param>
    /// <returns>The name.</returns>
    public static string Require(string? name, string what, string paramName)
    {
        if (!IsSafe(name))
        {
            throw new ArgumentException(Describe(name, what), paramName);
        }

        return name!;
    }

    /// <summary>The sentence saying why a name is refused.</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">What the name names.</param>
    /// <returns>The sentence.</returns>
    public static string Describe(string? name, string what)
    {
        var shown = name is null ? "null" : "'" + JsonEncodedText.Encode(name.Length > MaxLength + 16 ? name[..(MaxLength + 16)] + "…" : name) + "'";
        return $"The {what} {shown} is not a safe name: use 1 to {MaxLength} characters, a lowercase ASCII letter first, then lowercase ASCII letters, digits or '_' (for example 'cache_miss').";
    }
}
