using System.Collections.Concurrent;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>Which activity sources the exporter reads: exact names and trailing-<c>*</c> prefixes, with a per-name cache.</summary>
internal sealed class SourceFilter
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _prefixes = [];
    private readonly ConcurrentDictionary<string, bool> _cache = new(StringComparer.Ordinal);

    private SourceFilter(List<string> names)
    {
        Names = names;
        foreach (var name in names)
        {
            if (name.EndsWith('*'))
            {
                _prefixes.Add(name[..^1]);
            }
            else
            {
                _exact.Add(name);
            }
        }
    }

    public IReadOnlyList<string> Names { get; }

    public static SourceFilter Create(IEnumerable<string> extra)
    {
        var names = new List<string>(AlphaLearningExporterOptions.DefaultSources);
        foreach (var name in extra)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("An activity source name in AlphaLearningExporterOptions.Sources is empty.", nameof(extra));
            }

            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        return new SourceFilter(names);
    }

    public bool Matches(string sourceName)
    {
        if (_cache.TryGetValue(sourceName, out var matches))
        {
            return matches;
        }

        matches = _exact.Contains(sourceName) || _prefixes.Exists(p => sourceName.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        if (_cache.Count < 1024)
        {
            _cache.TryAdd(sourceName, matches);
        }

        return matches;
    }
}
