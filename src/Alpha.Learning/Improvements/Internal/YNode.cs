namespace Alpha.Learning.Improvements.Internal;

/// <summary>A node of the light YAML model: where it is in the text, its parent, and what it holds.</summary>
internal abstract class YNode
{
    /// <summary>Gets or sets the index of the first character of the node.</summary>
    public int Start { get; set; }

    /// <summary>Gets or sets the index just after the last character of the node's content.</summary>
    public int ContentEnd { get; set; }

    public YMap? Parent { get; set; }
}
