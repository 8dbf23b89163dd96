using System.Text;
using System.Text.Json;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// A parsed JSON document (comments and trailing commas allowed, as <c>appsettings.json</c> has them): the UTF-8
/// bytes and the tree of nodes with their spans. Built with <see cref="Utf8JsonReader"/> and an explicit stack
/// (<see cref="JsonTreeBuilder"/>), after <see cref="JsonPreScan"/> has bounded depth and string sizes; duplicate
/// member names (ignoring case) are refused anywhere in the document. Given the planned paths, only the containers
/// they pass through are built; the others are folded and built on first use.
/// </summary>
internal sealed class JsonModel
{
    private JsonModel(byte[] utf8, JNode? root)
    {
        Utf8 = utf8;
        Root = root;
    }

    /// <summary>Gets the UTF-8 text, without a byte-order mark.</summary>
    public byte[] Utf8 { get; }

    /// <summary>Gets the root node, or <see langword="null"/> for a document of only whitespace and comments.</summary>
    public JNode? Root { get; }

    /// <summary>Gets the text of the document (for messages and snapshots).</summary>
    public string Text => Encoding.UTF8.GetString(Utf8);

    /// <summary>Pre-scans, checks and parses a document.</summary>
    /// <param name="utf8">The UTF-8 text without a byte-order mark.</param>
    /// <param name="location">The file, for messages.</param>
    /// <param name="maxDepth">The deepest nesting allowed.</param>
    /// <param name="maxStringBytes">The longest string allowed.</param>
    /// <param name="focus">The planned paths: only the containers they pass through are built (the rest on first use); <see langword="null"/> builds everything.</param>
    /// <exception cref="ConfigStoreException">The document is hostile or is not valid JSON.</exception>
    public static JsonModel Parse(byte[] utf8, string location, int maxDepth, int maxStringBytes, PlannedPaths.Node? focus = null)
    {
        JsonPreScan.Check(utf8, location, maxDepth, maxStringBytes);
        if (utf8.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return new JsonModel(utf8, null);
        }

        return new JsonModel(utf8, JsonTreeBuilder.Build(new JsonSource(utf8, location, maxDepth), focus));
    }

    /// <summary>Describes a byte offset as a line and column for messages.</summary>
    public static string Where(ReadOnlySpan<byte> utf8, int offset)
    {
        offset = Math.Clamp(offset, 0, utf8.Length);
        var before = utf8[..offset];
        var line = before.Count((byte)'\n') + 1;
        var column = offset - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return Inv($"line {line}, column {column}");
    }

    public static ConfigStoreException Refuse(ConfigStoreError error, string location, string what, Exception? inner = null) =>
        new(error, location, Inv($"The configuration file '{location}' {what}; it is not read or changed."), inner);
}
