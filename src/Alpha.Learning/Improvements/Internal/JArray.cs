namespace Alpha.Learning.Improvements.Internal;

/// <summary>An array.</summary>
internal sealed class JArray : JContainer
{
    private readonly List<JNode> _items = [];

    /// <summary>Gets the items in file order (built on first use when the array was parsed folded).</summary>
    public List<JNode> Items
    {
        get
        {
            Unfold();
            return _items;
        }
    }

    /// <summary>Adds an item while the array is being built.</summary>
    public void AddBuilt(JNode item) => _items.Add(item);

    /// <summary>Gets the number of items built so far (while the array is being built).</summary>
    public int BuiltCount => _items.Count;
}
