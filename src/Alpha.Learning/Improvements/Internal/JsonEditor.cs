using System.Globalization;
using System.Text;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Surgical edits of JSON text with comments and trailing commas: a value is replaced in place; a new member goes
/// after the last member of its object in the object's own style (its own line with the members' indentation,
/// name/value separator and trailing-comma habit, or inline for a one-line object), with any missing intermediate
/// objects; a member is removed with its whole lines (and objects it leaves empty), so removing what was added gives
/// back the original bytes. Everything else is kept byte for byte.
/// </summary>
internal static class JsonEditor
{
    /// <summary>Finds the node at a path (member names ignoring case, array items by index), or <see langword="null"/> when absent.</summary>
    public static JNode? Find(JsonModel model, IReadOnlyList<string> segments)
    {
        var node = model.Root;
        foreach (var segment in segments)
        {
            node = Child(node, segment);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    public static byte[] Set(JsonModel model, IReadOnlyList<string> segments, object value, string location, string path)
    {
        var bytes = model.Utf8;
        if (model.Root is null)
        {
            if (bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                throw Unsupported(location, path, "cannot be set because the document holds only comments");
            }

            var newline = NewLine(bytes);
            var block = Block([.. segments], value, "  ", "  ", ": ", newline, trailingComma: false);
            return Splice(bytes, bytes.Length, 0, "{" + newline + block + newline + "}" + newline);
        }

        if (model.Root is not JObject)
        {
            throw Unsupported(location, path, "cannot be set because the document is not an object");
        }

        JNode node = model.Root;
        for (var i = 0; i < segments.Count; i++)
        {
            var child = Child(node, segments[i]);
            if (child is null)
            {
                return node is JObject obj
                    ? Insert(model, obj, segments.Skip(i).ToArray(), value, location, path)
                    : throw Unsupported(location, path, node is JArray
                        ? Inv($"needs the item '{segments[i]}' of the array '{string.Join(':', segments.Take(i))}', which it does not have; array items are not added automatically")
                        : Inv($"needs '{string.Join(':', segments.Take(i))}' to be an object, and it is not"));
            }

            node = child;
        }

        if (node is not JScalar scalar)
        {
            throw Unsupported(location, path, "names an object or an array, not a value");
        }

        return Splice(bytes, scalar.Start, scalar.End - scalar.Start, JsonScalars.Render(value));
    }

    public static byte[] Remove(JsonModel model, IReadOnlyList<string> segments, string location, string path)
    {
        var bytes = model.Utf8;
        var node = Find(model, segments);
        if (node is null)
        {
            return bytes;
        }

        if (node.Parent is not JObject obj)
        {
            throw Unsupported(location, path, "is an array item; array items are not removed automatically");
        }

        var member = obj.Members.First(m => ReferenceEquals(m.Value, node));
        while (obj.Members.Count == 1 && obj.Parent is JObject parent)
        {
            member = parent.Members.First(m => ReferenceEquals(m.Value, obj));
            obj = parent;
        }

        var index = obj.Members.IndexOf(member);
        var span = bytes.AsSpan();
        if (obj.Members.Count == 1 && OnlyBlanksAround(span, obj, member))
        {
            // The only member left of an object that cannot go (the root, or an array item), with nothing but blanks around it: back to "{}".
            return Splice(bytes, obj.Start + 1, obj.End - 1 - (obj.Start + 1), string.Empty);
        }

        if (OwnLines(span, member) is { } lines)
        {
            var (start, end) = lines;
            var trailingComma = FindComma(span, member.Value.End) >= 0;
            if (index == obj.Members.Count - 1 && index > 0 && !trailingComma && FindComma(span, obj.Members[index - 1].Value.End) is var comma and >= 0)
            {
                // The comma that made room for this last member goes with it.
                return Splice(Splice(bytes, start, end - start, string.Empty), comma, 1, string.Empty);
            }

            return Splice(bytes, start, end - start, string.Empty);
        }

        return RemoveInline(bytes, obj, index, location, path);
    }

    private static bool OnlyBlanksAround(ReadOnlySpan<byte> span, JObject obj, JMember member)
    {
        var after = span[member.Value.End..(obj.End - 1)];
        var comma = after.IndexOf((byte)',');
        return span[(obj.Start + 1)..member.NameStart].IndexOfAnyExcept(" \t\r\n"u8) < 0
            && (comma < 0 ? after : after[..comma]).IndexOfAnyExcept(" \t\r\n"u8) < 0
            && (comma < 0 || after[(comma + 1)..].IndexOfAnyExcept(" \t\r\n"u8) < 0);
    }

    private static JNode? Child(JNode? node, string segment) => node switch
    {
        JObject obj => obj.Find(segment)?.Value,
        JArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Items.Count => array.Items[index],
        _ => null,
    };

    private static byte[] Insert(JsonModel model, JObject obj, string[] rest, object value, string location, string path)
    {
        var bytes = model.Utf8;
        var span = bytes.AsSpan();
        var newline = NewLine(bytes);
        var unit = IndentUnit(model);
        if (obj.Members.Count == 0)
        {
            if (span[(obj.Start + 1)..(obj.End - 1)].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                throw Unsupported(location, path, "would go into an empty object that holds comments, which is not edited automatically");
            }

            if (span.IndexOf((byte)'\n') < 0)
            {
                return Splice(bytes, obj.Start + 1, obj.End - 1 - (obj.Start + 1), Inline(rest, value, ": ", string.Empty));
            }

            var baseIndent = Indent(span, obj.Start);
            return Splice(bytes, obj.Start + 1, obj.End - 1 - (obj.Start + 1), newline + Block(rest, value, baseIndent + unit, unit, ": ", newline, trailingComma: false) + newline + baseIndent);
        }

        var last = obj.Members[^1];
        var separator = Separator(span, last);
        var comma = FindComma(span, last.Value.End);
        var multiline = span[obj.Start..obj.Members[0].NameStart].IndexOf((byte)'\n') >= 0;
        if (multiline && OnOwnLineStart(span, last.NameStart) && LineEndAfter(span, comma >= 0 ? comma + 1 : last.Value.End) is { } at)
        {
            var indent = Encoding.UTF8.GetString(span[LineStart(span, last.NameStart)..last.NameStart]);
            var block = Block(rest, value, indent, unit, separator, newline, trailingComma: comma >= 0) + newline;
            var inserted = Splice(bytes, at, 0, block);
            return comma >= 0 ? inserted : Splice(inserted, last.Value.End, 0, ",");
        }

        var space = span[obj.Start + 1] == (byte)' ' ? " " : string.Empty;
        var member = Inline(rest, value, separator, space);
        return comma >= 0
            ? Splice(bytes, comma + 1, 0, space + member + ",")
            : Splice(bytes, last.Value.End, 0, "," + space + member);
    }

    private static byte[] RemoveInline(byte[] bytes, JObject obj, int index, string location, string path)
    {
        var span = bytes.AsSpan();
        var member = obj.Members[index];
        int start;
        int end;
        if (index > 0)
        {
            start = FindComma(span, obj.Members[index - 1].Value.End);
            end = member.Value.End;
            if (start < 0 || span[start..member.NameStart].IndexOf((byte)'/') >= 0)
            {
                throw Unsupported(location, path, "has comments around it that would be lost, so it is not removed automatically");
            }
        }
        else
        {
            start = member.NameStart;
            var comma = FindComma(span, member.Value.End);
            end = comma < 0 ? member.Value.End : SkipSpace(span, comma + 1, newlines: false);
            if (span[member.Value.End..end].IndexOf((byte)'/') >= 0)
            {
                throw Unsupported(location, path, "has comments around it that would be lost, so it is not removed automatically");
            }
        }

        return Splice(bytes, start, end - start, string.Empty);
    }

    /// <summary>The member's whole lines, when it starts its line and nothing but a comma and a comment follows it there.</summary>
    private static (int Start, int End)? OwnLines(ReadOnlySpan<byte> span, JMember member)
    {
        if (!OnOwnLineStart(span, member.NameStart))
        {
            return null;
        }

        var comma = FindComma(span, member.Value.End);
        var end = LineEndAfter(span, comma >= 0 ? comma + 1 : member.Value.End);
        return end is { } e ? (LineStart(span, member.NameStart), e) : null;
    }

    private static string Block(string[] rest, object value, string indent, string unit, string separator, string newline, bool trailingComma)
    {
        var builder = new StringBuilder();
        var comma = trailingComma ? "," : string.Empty;
        for (var k = 0; k < rest.Length; k++)
        {
            builder.Append(indent).Append(unit.Length == 0 ? string.Empty : string.Concat(Enumerable.Repeat(unit, k)))
                .Append(JsonScalars.Quote(rest[k])).Append(separator);
            if (k == rest.Length - 1)
            {
                builder.Append(JsonScalars.Render(value)).Append(comma);
            }
            else
            {
                builder.Append('{').Append(newline);
            }
        }

        for (var k = rest.Length - 2; k >= 0; k--)
        {
            builder.Append(newline).Append(indent).Append(string.Concat(Enumerable.Repeat(unit, k))).Append('}').Append(comma);
        }

        return builder.ToString();
    }

    private static string Inline(string[] rest, object value, string separator, string space)
    {
        var builder = new StringBuilder();
        for (var k = 0; k < rest.Length; k++)
        {
            builder.Append(JsonScalars.Quote(rest[k])).Append(separator);
            builder.Append(k == rest.Length - 1 ? JsonScalars.Render(value) : "{" + space);
        }

        for (var k = rest.Length - 2; k >= 0; k--)
        {
            builder.Append(space).Append('}');
        }

        return builder.ToString();
    }

    /// <summary>The bytes between a member's name and its value when they are a colon and blanks; otherwise ": ".</summary>
    private static string Separator(ReadOnlySpan<byte> span, JMember member)
    {
        var between = span[member.NameEnd..member.Value.Start];
        return between.Length <= 8 && between.IndexOfAnyExcept(" \t:"u8) < 0 && between.Count((byte)':') == 1 ? Encoding.ASCII.GetString(between) : ": ";
    }

    /// <summary>The offset of the comma after a value (past blanks and comments), or -1 when the next token is not a comma.</summary>
    private static int FindComma(ReadOnlySpan<byte> span, int from)
    {
        var i = SkipSpace(span, from, newlines: true);
        return i < span.Length && span[i] == (byte)',' ? i : -1;
    }

    /// <summary>Skips blanks (and line breaks when asked) and comments.</summary>
    private static int SkipSpace(ReadOnlySpan<byte> span, int i, bool newlines)
    {
        while (i < span.Length)
        {
            var b = span[i];
            if (b is (byte)' ' or (byte)'\t' || (newlines && b is (byte)'\r' or (byte)'\n'))
            {
                i++;
            }
            else if (b == (byte)'/' && i + 1 < span.Length && span[i + 1] == (byte)'*')
            {
                var close = span[(i + 2)..].IndexOf("*/"u8);
                if (!newlines && span.Slice(i, close + 4).IndexOf((byte)'\n') >= 0)
                {
                    return i;
                }

                i += close + 4;
            }
            else if (newlines && b == (byte)'/' && i + 1 < span.Length && span[i + 1] == (byte)'/')
            {
                var end = span[i..].IndexOf((byte)'\n');
                i = end < 0 ? span.Length : i + end;
            }
            else
            {
                return i;
            }
        }

        return i;
    }

    /// <summary>The offset after the line break that ends the line, when only blanks and comments follow <paramref name="from"/> on it.</summary>
    private static int? LineEndAfter(ReadOnlySpan<byte> span, int from)
    {
        var i = SkipSpace(span, from, newlines: false);
        if (i + 1 < span.Length && span[i] == (byte)'/' && span[i + 1] == (byte)'/')
        {
            var end = span[i..].IndexOf((byte)'\n');
            return end < 0 ? null : i + end + 1;
        }

        if (i < span.Length && span[i] == (byte)'\n')
        {
            return i + 1;
        }

        return i + 1 < span.Length && span[i] == (byte)'\r' && span[i + 1] == (byte)'\n' ? i + 2 : null;
    }

    private static bool OnOwnLineStart(ReadOnlySpan<byte> span, int offset)
    {
        var start = LineStart(span, offset);
        return start > 0 && span[start..offset].IndexOfAnyExcept(" \t"u8) < 0;
    }

    private static int LineStart(ReadOnlySpan<byte> span, int offset) => offset == 0 ? 0 : span[..offset].LastIndexOf((byte)'\n') + 1;

    private static string NewLine(ReadOnlySpan<byte> span)
    {
        var index = span.IndexOf((byte)'\n');
        return index > 0 && span[index - 1] == (byte)'\r' ? "\r\n" : "\n";
    }

    /// <summary>The indentation step of the file: the first object whose first member is on its own line, indented past the object's line.</summary>
    private static string IndentUnit(JsonModel model)
    {
        var span = model.Utf8.AsSpan();
        var pending = new Stack<JNode>();
        if (model.Root is not null)
        {
            pending.Push(model.Root);
        }

        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is JObject obj && obj.Members.Count > 0 && OnOwnLineStart(span, obj.Members[0].NameStart))
            {
                var outer = Indent(span, obj.Start);
                var inner = Indent(span, obj.Members[0].NameStart);
                if (inner.Length > outer.Length && inner.StartsWith(outer, StringComparison.Ordinal))
                {
                    return inner[outer.Length..];
                }
            }

            foreach (var child in node switch { JObject o => o.Members.Select(m => m.Value), JArray a => a.Items, _ => [] })
            {
                pending.Push(child);
            }
        }

        return "  ";
    }

    private static string Indent(ReadOnlySpan<byte> span, int offset)
    {
        var start = LineStart(span, offset);
        var end = start;
        while (end < offset && span[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        return Encoding.ASCII.GetString(span[start..end]);
    }

    private static byte[] Splice(byte[] bytes, int at, int remove, string insert)
    {
        var inserted = Encoding.UTF8.GetBytes(insert);
        var result = new byte[bytes.Length - remove + inserted.Length];
        bytes.AsSpan(0, at).CopyTo(result);
        inserted.CopyTo(result.AsSpan(at));
        bytes.AsSpan(at + remove).CopyTo(result.AsSpan(at + inserted.Length));
        return result;
    }

    private static ConfigStoreException Unsupported(string location, string path, string what) =>
        new(ConfigStoreError.Unsupported, location, Inv($"The path '{path}' in the configuration file '{location}' {what}."));
}
