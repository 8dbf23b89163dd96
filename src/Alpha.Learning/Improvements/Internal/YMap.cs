namespace Alpha.Learning.Improvements.Internal;

internal sealed class YMap : YNode
{
    public bool Flow { get; init; }

    public List<YEntry> Entries { get; } = [];

    public YEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}
