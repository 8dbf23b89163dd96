using System.Text.Json;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// The member names of one object in a folded subtree, to refuse a name given twice (ignoring case, as configuration
/// reads them) without a string per name: each name is kept as a hash of its unescaped text and its span; two names
/// are compared as text only when their hashes meet.
/// </summary>
internal sealed class JsonNameSet
{
    private readonly HashSet<int> _hashes = [];
    private readonly List<(int Hash, int Start, int Length)> _names = [];

    /// <summary>Gets a value indicating whether the set grew too large to be worth clearing for reuse.</summary>
    public bool IsLarge => _names.Count > 64;

    public void Clear()
    {
        _hashes.Clear();
        _names.Clear();
    }

    /// <summary>Adds the name <paramref name="text"/> (unescaped) of the property token at <paramref name="start"/>, refusing a duplicate.</summary>
    public void Add(ReadOnlySpan<char> text, int start, int rawLength, JsonSource source)
    {
        var hash = string.GetHashCode(text, StringComparison.OrdinalIgnoreCase);
        if (!_hashes.Add(hash))
        {
            foreach (var (otherHash, otherStart, otherLength) in _names)
            {
                if (otherHash == hash && NameAt(source.Utf8, otherStart, otherLength) is var other && text.Equals(other, StringComparison.OrdinalIgnoreCase))
                {
                    throw JsonModel.Refuse(ConfigStoreError.DuplicateKey, source.Location, Inv($"has the member '{YamlScalars.Escape(text.ToString())}' twice in one object (ignoring case, as configuration does: '{YamlScalars.Escape(other)}' first) at {JsonModel.Where(source.Utf8, start)}"));
                }
            }
        }

        _names.Add((hash, start, rawLength));
    }

    /// <summary>The unescaped name of the property token at <paramref name="start"/> (a quoted string of <paramref name="rawLength"/> bytes between its quotes).</summary>
    private static string NameAt(byte[] utf8, int start, int rawLength)
    {
        var reader = new Utf8JsonReader(utf8.AsSpan(start, rawLength + 2));
        reader.Read();
        return reader.GetString()!;
    }
}
