using YamlDotNet.Core;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Surgical edits of YAML text: a scalar is replaced in place (keeping its quoting), a new key is inserted at the
/// end of its block mapping with the mapping's indentation (with any missing intermediate mappings), a key is
/// removed with its whole lines (and mappings it leaves empty). Everything else of the text is kept byte for byte.
/// </summary>
internal static class YamlEditor
{
    /// <summary>Finds the node at a path, or <see langword="null"/> when absent.</summary>
    public static YNode? Find(YamlModel model, IReadOnlyList<string> segments)
    {
        YNode? node = model.Root;
        foreach (var segment in segments)
        {
            if (node is not YMap map || map.Find(segment) is not { } entry)
            {
                return null;
            }

            node = entry.Value;
        }

        return node;
    }

    /// <summary>
    /// Sets a value; a flow-style mapping on the path (<c>{}</c>, <c>{a: 1}</c>, as <c>yaml.dump</c> writes them) is first
    /// rewritten, alone, in block style, and the text parsed again with <c>reparse</c> to continue on.
    /// </summary>
    public static string Set(YamlModel model, IReadOnlyList<string> segments, object value, string location, string path, Func<string, YamlModel> reparse)
    {
        var text = model.Text;
        var map = RootMap(model, location, path);
        for (var i = 0; i < segments.Count; i++)
        {
            if (map is { Flow: true })
            {
                return map.Entries.Count == 0
                    ? YamlFlowRewrite.ExpandEmpty(model, map, segments.Skip(i).ToArray(), value, IndentStep(model), location, path)
                    : Set(reparse(YamlFlowRewrite.ToBlock(model, map, IndentStep(model), location, path)), segments, value, location, path, reparse);
            }

            var entry = map?.Find(segments[i]);
            if (entry is null)
            {
                return Insert(model, map, segments.Skip(i).ToArray(), value);
            }

            if (i == segments.Count - 1)
            {
                if (entry.Value is not YScalar scalar)
                {
                    throw Unsupported(location, path, "names a mapping or a sequence, not a value");
                }

                if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded)
                {
                    throw Unsupported(location, path, "holds a block scalar (| or >), which is not edited automatically");
                }

                if (scalar.Style == ScalarStyle.Plain && scalar.Value.Length == 0)
                {
                    // "key:" with no value: write the value right after the colon.
                    var colon = text.IndexOf(':', entry.Key.ContentEnd);
                    return string.Concat(text.AsSpan(0, colon + 1), " ", YamlScalars.Render(value, null), text.AsSpan(colon + 1));
                }

                return string.Concat(text.AsSpan(0, scalar.Start), YamlScalars.Render(value, scalar), text.AsSpan(scalar.ContentEnd));
            }

            if (entry.Value is not YMap child)
            {
                throw Unsupported(location, path, Inv($"needs '{string.Join('.', segments.Take(i + 1))}' to be a mapping, and it is not"));
            }

            map = child;
        }

        throw new InvalidOperationException("Unreachable: a path has at least one segment.");
    }

    public static string Remove(YamlModel model, IReadOnlyList<string> segments, string location, string path)
    {
        var text = model.Text;
        var node = Find(model, segments);
        if (node is null)
        {
            return text;
        }

        var map = node.Parent!;
        var entry = map.Entries.First(e => ReferenceEquals(e.Value, node));
        while (map.Entries.Count == 1 && map.Parent is { } parent && !ReferenceEquals(map, model.Root))
        {
            entry = parent.Entries.First(e => ReferenceEquals(e.Value, map));
            map = parent;
        }

        if (map.Flow)
        {
            throw Unsupported(location, path, "is inside a flow-style mapping ({ … }), which is not edited automatically");
        }

        var lineStart = LineStart(text, entry.Key.Start);
        if (text.AsSpan(lineStart, entry.Key.Start - lineStart).Trim(' ').Length != 0)
        {
            throw Unsupported(location, path, "is not on a line of its own");
        }

        var end = LineEndAfter(text, Math.Max(entry.Key.ContentEnd, entry.Value.ContentEnd));
        var start = lineStart;
        if (end == text.Length && (text.Length == 0 || text[^1] != '\n') && lineStart > 0)
        {
            start = lineStart - 1;
            if (start > 0 && text[start - 1] == '\r')
            {
                start--;
            }
        }

        return string.Concat(text.AsSpan(0, start), text.AsSpan(end));
    }

    private static YMap? RootMap(YamlModel model, string location, string path) => model.Root switch
    {
        null => null,
        YScalar { Style: ScalarStyle.Plain, Value.Length: 0 } => null,
        YMap map => map,
        _ => throw Unsupported(location, path, "cannot be set because the document is not a mapping"),
    };

    private static string Insert(YamlModel model, YMap? map, string[] rest, object value)
    {
        var text = model.Text;
        var newline = NewLine(text);
        int column;
        int position;
        if (map is null || map.Entries.Count == 0)
        {
            column = 0;
            position = text.Length;
        }
        else
        {
            column = map.Entries[0].Key.Start - LineStart(text, map.Entries[0].Key.Start);
            position = LineEndAfter(text, map.ContentEnd);
        }

        var step = IndentStep(model);
        var block = new System.Text.StringBuilder();
        for (var k = 0; k < rest.Length; k++)
        {
            block.Append(' ', column + (k * step)).Append(YamlScalars.RenderKey(rest[k])).Append(':');
            if (k == rest.Length - 1)
            {
                block.Append(' ').Append(YamlScalars.Render(value, null));
            }

            block.Append(newline);
        }

        var insert = block.ToString();
        if (position == text.Length && text.Length > 0 && text[^1] != '\n')
        {
            insert = newline + insert[..^newline.Length];
        }

        return string.Concat(text.AsSpan(0, position), insert, text.AsSpan(position));
    }

    private static int IndentStep(YamlModel model)
    {
        var pending = new Stack<YMap>();
        if (model.Root is YMap root)
        {
            pending.Push(root);
        }

        while (pending.Count > 0)
        {
            var map = pending.Pop();
            foreach (var entry in map.Entries)
            {
                if (entry.Value is YMap { Flow: false, Entries.Count: > 0 } child && !map.Flow)
                {
                    var parentColumn = entry.Key.Start - LineStart(model.Text, entry.Key.Start);
                    var childColumn = child.Entries[0].Key.Start - LineStart(model.Text, child.Entries[0].Key.Start);
                    if (childColumn > parentColumn)
                    {
                        return childColumn - parentColumn;
                    }
                }

                if (entry.Value is YMap next)
                {
                    pending.Push(next);
                }
            }
        }

        return 2;
    }

    private static string NewLine(string text)
    {
        var index = text.IndexOf('\n', StringComparison.Ordinal);
        return index > 0 && text[index - 1] == '\r' ? "\r\n" : "\n";
    }

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private static int LineEndAfter(string text, int index)
    {
        if (index > 0 && index <= text.Length && text[index - 1] == '\n')
        {
            return index;
        }

        var newline = text.IndexOf('\n', Math.Min(index, text.Length));
        return newline < 0 ? text.Length : newline + 1;
    }

    private static ConfigStoreException Unsupported(string location, string path, string what) =>
        new(ConfigStoreError.Unsupported, location, Inv($"The path '{path}' in the configuration file '{location}' {what}."));
}
