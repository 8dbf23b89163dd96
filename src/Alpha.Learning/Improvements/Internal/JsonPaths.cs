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
