namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Configuration paths as <c>IConfiguration</c> writes them (<c>Agent:Tools:search:TimeoutSeconds</c>) or dotted as the
/// default rule templates write them (<c>tools.search.timeout</c>): the segments are the same either way, each a safe
/// key segment (an array index is all digits); names match ignoring case.
/// </summary>
internal static class JsonPaths
{
    private static readonly char[] Separators = [':', '.'];

    /// <summary>Splits a path at ':' and '.' into safe segments, or returns a sentence saying why it is not a safe path.</summary>
    public static string[]? TrySplit(string? path, out string? reason)
    {
        if (string.IsNullOrEmpty(path))
        {
            reason = "The configuration path is empty.";
            return null;
        }

        if (path.Length > ConfigPaths.MaxSegments * 65)
        {
            reason = FormattableString.Invariant($"The configuration path is {path.Length} characters long; at most {ConfigPaths.MaxSegments * 65} are allowed.");
            return null;
        }

        var segments = path.Split(Separators);
        if (segments.Length > ConfigPaths.MaxSegments)
        {
            reason = FormattableString.Invariant($"The configuration path '{YamlScalars.Escape(path)}' has {segments.Length} segments; at most {ConfigPaths.MaxSegments} are allowed.");
            return null;
        }

        foreach (var segment in segments)
        {
            if (!Analysis.Internal.ConfigPaths.IsSafeSegment(segment))
            {
                reason = FormattableString.Invariant($"The configuration path '{YamlScalars.Escape(path)}' has the segment '{YamlScalars.Escape(segment)}', which is not a safe key (1 to 64 of A-Z, a-z, 0-9, '_' and '-').");
                return null;
            }
        }

        reason = null;
        return segments;
    }
}

/// <summary>Compares configuration paths as <c>IConfiguration</c> does (ignoring ASCII case), with ':' and '.' the same separator.</summary>
internal sealed class ConfigPathComparer : IEqualityComparer<string>
{
    public static readonly ConfigPathComparer Instance = new();

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (Fold(x[i]) != Fold(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        foreach (var c in obj)
        {
            hash.Add(Fold(c));
        }

        return hash.ToHashCode();
    }

    private static char Fold(char c) => c == '.' ? ':' : char.ToUpperInvariant(c);
}
