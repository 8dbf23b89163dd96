namespace Alpha.Learning.Analysis.Internal;

/// <summary>Builds configuration paths from the option templates; never from log text unless it is a safe key segment.</summary>
internal static class ConfigPaths
{
    public const int MaxSegmentLength = 64;

    /// <summary>Returns whether <paramref name="value"/> matches <c>^[A-Za-z0-9_-]{1,64}$</c>.</summary>
    public static bool IsSafeSegment(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxSegmentLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether <paramref name="path"/> is one or more safe segments joined by '.' or ':' (the same separator).</summary>
    public static bool IsSafePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 512)
        {
            return false;
        }

        foreach (var range in path.AsSpan().SplitAny(".:"))
        {
            if (!IsSafeSegment(path[range]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether <paramref name="placeholder"/> appears in <paramref name="template"/> as a whole segment.</summary>
    public static bool HasPlaceholderSegment(string template, string placeholder)
    {
        foreach (var range in template.AsSpan().SplitAny(".:"))
        {
            if (template.AsSpan()[range].SequenceEqual(placeholder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Substitutes <paramref name="placeholder"/> (for example <c>{task}</c>) in <paramref name="template"/> with
    /// <paramref name="name"/>. Returns <see langword="null"/> and a reason when the name is not a safe key segment
    /// or the result is not a safe path.
    /// </summary>
    public static string? TryBuild(string? template, string placeholder, string name, out string? reason)
    {
        if (!IsSafeSegment(name))
        {
            reason = $"The name is not a safe configuration key segment (letters, digits, '_' and '-', at most {MaxSegmentLength} characters), so no configuration path is built from it.";
            return null;
        }

        if (string.IsNullOrEmpty(template) || !HasPlaceholderSegment(template, placeholder))
        {
            reason = $"The path template '{template}' does not contain {placeholder} as a whole segment.";
            return null;
        }

        var path = template.Replace(placeholder, name, StringComparison.Ordinal);
        if (!IsSafePath(path))
        {
            reason = $"The path template '{template}' does not produce a safe path (segments separated by '.' or ':').";
            return null;
        }

        reason = null;
        return path;
    }
}
