namespace Alpha.Learning.Improvements.Internal;

/// <summary>The paths a plan changes, as a tree of segments (names ignoring case, as configuration reads them), with each one's planned value or removal.</summary>
internal sealed class PlannedPaths
{
    /// <summary>Gets the root: the document.</summary>
    public Node Root { get; } = new();

    public void Add(IReadOnlyList<string> segments, bool remove, object? value)
    {
        var node = Root;
        foreach (var segment in segments)
        {
            node.Children ??= new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
            if (!node.Children.TryGetValue(segment, out var child))
            {
                child = new Node();
                node.Children.Add(segment, child);
            }

            node = child;
        }

        node.IsLeaf = true;
        node.Remove = remove;
        node.Value = value;
    }

    /// <summary>A segment of a planned path.</summary>
    internal sealed class Node
    {
        /// <summary>Gets or sets the segments planned below this one, or <see langword="null"/>.</summary>
        public Dictionary<string, Node>? Children { get; set; }

        /// <summary>Gets or sets a value indicating whether a change ends here.</summary>
        public bool IsLeaf { get; set; }

        /// <summary>Gets or sets a value indicating whether the change removes the value.</summary>
        public bool Remove { get; set; }

        /// <summary>Gets or sets the planned value.</summary>
        public object? Value { get; set; }

        public Node? Child(string name) => Children is not null && Children.TryGetValue(name, out var child) ? child : null;
    }
}
