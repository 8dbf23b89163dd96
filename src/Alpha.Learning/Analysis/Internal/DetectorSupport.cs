namespace Alpha.Learning.Analysis.Internal;

/// <summary>Shared pieces of the built-in detectors.</summary>
internal static class DetectorSupport
{
    /// <summary>Gets the state of <paramref name="name"/>, creating it while fewer than <paramref name="max"/> names are tracked.</summary>
    public static T? GetOrAdd<T>(Dictionary<string, T> map, string name, int max)
        where T : class, new()
    {
        if (map.TryGetValue(name, out var value))
        {
            return value;
        }

        if (map.Count >= max)
        {
            return null;
        }

        value = new T();
        map.Add(name, value);
        return value;
    }

    /// <summary>Adds <paramref name="items"/> in order to <paramref name="list"/> until it holds <paramref name="max"/> (examples merged from parts).</summary>
    public static void AddUpTo(List<string> list, List<string> items, int max)
    {
        foreach (var item in items)
        {
            if (list.Count >= max)
            {
                return;
            }

            list.Add(item);
        }
    }

    /// <summary>Adds <paramref name="name"/> to a short list of distinct names (bounded).</summary>
    public static void AddDistinct(List<string> names, string? name, int max)
    {
        if (string.IsNullOrEmpty(name) || names.Count >= max)
        {
            return;
        }

        foreach (var existing in names)
        {
            if (ReferenceEquals(existing, name) || string.Equals(existing, name, StringComparison.Ordinal))
            {
                return;
            }
        }

        names.Add(name);
    }

    /// <summary>Returns the names sorted ordinally (a deterministic copy for metadata).</summary>
    public static List<string> Sorted(List<string> names)
    {
        var copy = new List<string>(names);
        copy.Sort(StringComparer.Ordinal);
        return copy;
    }

    public static void Seen(ref DateTimeOffset first, ref DateTimeOffset last, ref bool any, DateTimeOffset at)
    {
        if (!any)
        {
            first = at;
            last = at;
            any = true;
            return;
        }

        if (at < first)
        {
            first = at;
        }

        if (at > last)
        {
            last = at;
        }
    }

    public static Dictionary<string, object> Metadata(string subject) => new(StringComparer.Ordinal) { ["subject"] = subject };

    public static List<LogPattern> SortedPatterns(List<LogPattern> patterns)
    {
        patterns.Sort(Recommendations.ComparePatterns);
        return patterns;
    }
}
