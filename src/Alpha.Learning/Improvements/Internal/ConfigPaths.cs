namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Configuration paths: safe key segments (<c>^[A-Za-z0-9_-]{1,64}$</c>, checked by the one
/// <see cref="Analysis.Internal.ConfigPaths.IsSafeSegment"/>) separated by '.' or ':' (the same separator).
/// </summary>
internal static class ConfigPaths
{
    public const int MaxSegments = 16;

    private static readonly char[] Separators = ['.', ':'];

    /// <summary>Splits a path into safe segments, or returns a sentence saying why it is not a safe path.</summary>
    public static string[]? TrySplit(string? path, out string? reason)
    {
        if (string.IsNullOrEmpty(path))
        {
            reason = "The configuration path is empty.";
            return null;
        }

        if (path.Length > MaxSegments * 65)
        {
            reason = FormattableString.Invariant($"The configuration path is {path.Length} characters long; at most {MaxSegments * 65} are allowed.");
            return null;
        }

        var segments = path.Split(Separators);
        if (segments.Length > MaxSegments)
        {
            reason = FormattableString.Invariant($"The configuration path '{YamlScalars.Escape(path)}' has {segments.Length} segments; at most {MaxSegments} are allowed.");
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
