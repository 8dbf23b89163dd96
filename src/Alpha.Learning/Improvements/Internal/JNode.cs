namespace Alpha.Learning.Improvements.Internal;

/// <summary>A node of a JSON document with its byte span in the UTF-8 text (without a byte-order mark).</summary>
internal abstract class JNode
{
    /// <summary>Gets the offset of the node's first byte.</summary>
    public int Start { get; init; }

    /// <summary>Gets or sets the offset just past the node's last byte.</summary>
    public int End { get; set; }

    /// <summary>Gets the object or array holding the node, or <see langword="null"/> for the root.</summary>
    public JNode? Parent { get; init; }
}
