using System.Text.RegularExpressions;

namespace Alpha.Learning.Fleet;

/// <summary>The rule for instance names in a fleet.</summary>
public static partial class FleetNames
{
    /// <summary>Returns whether <paramref name="instance"/> is a valid instance name: 1 to 64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</summary>
    /// <param name="instance">The name.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? instance) => instance is not null && Pattern().IsMatch(instance);

    /// <summary>Throws when <paramref name="instance"/> is not a valid instance name.</summary>
    /// <param name="instance">The name.</param>
    /// <exception cref="ArgumentException">The name is not valid (the message quotes it).</exception>
    public static void Check(string? instance)
    {
        if (!IsValid(instance))
        {
            throw new ArgumentException($"The fleet instance name '{instance}' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.", nameof(instance));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
