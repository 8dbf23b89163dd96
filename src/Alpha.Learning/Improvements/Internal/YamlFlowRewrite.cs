using System.Text;

using YamlDotNet.Core;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Rewrites one flow-style mapping (<c>timeouts: {}</c>, <c>tasks: {timeouts: {}}</c>, as PyYAML's <c>yaml.dump</c>
/// writes every empty or short dict) in block style so a path through it can be edited; only that node changes: its
/// entries keep their text (nested flow values stay flow until a path goes through them), the rest of the file is kept
/// byte for byte.
/// </summary>
internal static class YamlFlowRewrite
{
    /// <summary>The text with the non-empty flow mapping <paramref name="map"/> in block style.</summary>
    public static string ToBlock(YamlModel model, YMap map, int step, string location, string path)
    {
        var text = model.Text;
        var column = Column(model, map, step, location, path);
        var lines = new List<string>(map.Entries.Count);
        foreach (var entry in map.Entries)
        {
            var key = OneLine(text[entry.Key.Start..entry.Key.ContentEnd]);
            var value = entry.Value is YScalar { Style: ScalarStyle.Plain, Value.Length: 0 } ? string.Empty : OneLine(text[entry.Value.Start..entry.Value.ContentEnd]);
            if (key is null || key.Length == 0 || value is null)
            {
                throw Unsupported(location, path, "goes through a flow-style mapping ({ … }) with an escaped line break, which is not edited automatically");
            }

            lines.Add(new string(' ', column) + key + ":" + (value.Length > 0 ? " " + value : string.Empty));
        }

        return Replace(text, map, lines);
    }

    /// <summary>The text with the empty flow mapping <paramref name="map"/> (<c>{}</c>) replaced by the block mappings down to the value.</summary>
    public static string ExpandEmpty(YamlModel model, YMap map, string[] rest, object value, int step, string location, string path)
    {
        var column = Column(model, map, step, location, path);
        var lines = new List<string>(rest.Length);
        for (var k = 0; k < rest.Length; k++)
        {
            var line = new StringBuilder().Append(' ', column + (k * step)).Append(YamlScalars.RenderKey(rest[k])).Append(':');
            if (k == rest.Length - 1)
            {
                line.Append(' ').Append(YamlScalars.Render(value, null));
            }

            lines.Add(line.ToString());
        }

        return Replace(model.Text, map, lines);
    }

    /// <summary>The column of the block entries: one indentation step right of the key that holds the mapping (0 at the root).</summary>
    private static int Column(YamlModel model, YMap map, int step, string location, string path)
    {
        var text = model.Text;
        if (map.Parent is null)
        {
            return 0;
        }

        var holder = map.Parent.Entries.First(e => ReferenceEquals(e.Value, map));
        var keyLine = LineStart(text, holder.Key.Start);
        if (keyLine != LineStart(text, map.Start) || text.AsSpan(keyLine, holder.Key.Start - keyLine).Trim(' ').Length != 0)
        {
            throw Unsupported(location, path, "goes through a flow-style mapping ({ … }) that is not on the line of its own key, which is not edited automatically");
        }

        return holder.Key.Start - keyLine + step;
    }

    /// <summary>Replaces the flow text with a line break and the block lines; what followed it on its line (a comment) stays after the key.</summary>
    private static string Replace(string text, YMap map, List<string> lines)
    {
        var newline = NewLine(text);
        var lineEnd = text.IndexOf('\n', map.ContentEnd);
        var tailEnd = lineEnd < 0 ? text.Length : lineEnd > 0 && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        var rest = lineEnd < 0 ? string.Empty : text[(lineEnd + 1)..];
        var tail = text[map.ContentEnd..tailEnd];
        var head = text[..map.Start].TrimEnd(' ');
        var block = new StringBuilder();
        if (map.Parent is null)
        {
            // The document root: the block replaces it; a comment after it goes on its own line first.
            block.Append(head);
            if (tail.Trim().Length > 0)
            {
                block.Append(tail.Trim()).Append(newline);
            }
        }
        else
        {
            block.Append(head).Append(tail).Append(newline);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            block.Append(lines[i]);
            if (i < lines.Count - 1 || lineEnd >= 0)
            {
                block.Append(newline);
            }
        }

        return block.Append(rest).ToString();
    }

    /// <summary>
    /// A flow value on one line: inside flow collections and flow scalars a line break with its indentation folds to
    /// one space, so joining the lines keeps the meaning (the planner re-parses and checks every value anyway); null for
    /// an escaped line break (<c>\</c> at a line end in a double-quoted scalar), which joining would change.
    /// </summary>
    private static string? OneLine(string value)
    {
        if (!value.Contains('\n', StringComparison.Ordinal))
        {
            return value;
        }

        if (value.Contains("\\\n", StringComparison.Ordinal) || value.Contains("\\\r\n", StringComparison.Ordinal))
        {
            return null;
        }

        return System.Text.RegularExpressions.Regex.Replace(value, "[ \t]*\r?\n[ \t]*", " ");
    }

    private static string NewLine(string text)
    {
        var index = text.IndexOf('\n', StringComparison.Ordinal);
        return index > 0 && text[index - 1] == '\r' ? "\r\n" : "\n";
    }

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;

    private static ConfigStoreException Unsupported(string location, string path, string what) =>
        new(ConfigStoreError.Unsupported, location, FormattableString.Invariant($"The path '{path}' in the configuration file '{location}' {what}."));
}
