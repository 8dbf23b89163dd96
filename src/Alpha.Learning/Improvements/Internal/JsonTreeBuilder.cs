using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Builds the tree of a <see cref="JsonModel"/> in one pass of <see cref="Utf8JsonReader"/> with an explicit stack.
/// Every token is checked wherever it is (duplicate member names ignoring case, control characters in names, numbers
/// out of range, strings that are not valid UTF-8); nodes are built everywhere, or, given the planned paths, only for
/// the containers those paths pass through and their direct children. Other containers are folded: their span is
/// known and their text checked, their children are built on first use (<see cref="Unfold"/>). Checking a folded
/// subtree allocates only its duplicate-name sets, so a change to one member of a 1 MB file builds a few dozen nodes.
/// </summary>
internal static class JsonTreeBuilder
{
    public static JNode? Build(JsonSource source, PlannedPaths.Node? focus) =>
        Run(source, 0, source.Utf8.Length, focus, into: null);

    /// <summary>Builds every child of a folded container from its span.</summary>
    public static void Unfold(JsonSource source, JContainer container) =>
        _ = Run(source, container.Start, container.End, focus: null, container);

    private static JNode? Run(JsonSource source, int from, int to, PlannedPaths.Node? focus, JContainer? into)
    {
        var utf8 = source.Utf8;
        var location = source.Location;
        var everything = focus is null;
        var reader = new Utf8JsonReader(utf8.AsSpan(from, to - from), new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = source.MaxDepth + 1,
        });
        JNode? root = null;
        var frames = new List<Frame>();
        var spareNames = new Stack<JsonNameSet>();
        var chars = ArrayPool<char>.Shared.Rent(256);
        JMember? pending = null;
        PlannedPaths.Node? pendingFocus = null;
        try
        {
            while (reader.Read())
            {
                var start = from + checked((int)reader.TokenStartIndex);
                var built = frames.Count == 0 || frames[^1].Built;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when built:
                        var name = reader.GetString()!;
                        if (IsControl(name))
                        {
                            throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"has a member name with a control character at {JsonModel.Where(utf8, start)}"));
                        }

                        var obj = (JObject)frames[^1].Node!;
                        if (obj.FindBuilt(name) is { } other)
                        {
                            throw JsonModel.Refuse(ConfigStoreError.DuplicateKey, location, Inv($"has the member '{YamlScalars.Escape(name)}' twice in one object (ignoring case, as configuration does: '{YamlScalars.Escape(other.Name)}' first) at {JsonModel.Where(utf8, start)}"));
                        }

                        pending = new JMember { Name = name, NameStart = start, NameEnd = start + reader.ValueSpan.Length + 2 };
                        obj.AddBuilt(pending);
                        pendingFocus = frames[^1].Focus?.Child(name);
                        continue;
                    case JsonTokenType.PropertyName:
                        var text = Unescaped(ref reader, ref chars);
                        if (IsControl(text))
                        {
                            throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"has a member name with a control character at {JsonModel.Where(utf8, start)}"));
                        }

                        frames[^1].Names!.Add(text, start, reader.ValueSpan.Length, source);
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var isObject = reader.TokenType == JsonTokenType.StartObject;
                        if (frames.Count == 0 && into is not null)
                        {
                            frames.Add(new Frame(into, Built: true, Focus: null, Names: null));
                            continue;
                        }

                        if (!built)
                        {
                            frames.Add(new Frame(null, Built: false, Focus: null, Names: isObject ? Rent(spareNames) : null));
                            continue;
                        }

                        var childFocus = frames.Count == 0 ? focus : ChildFocus(frames[^1], pendingFocus);
                        var parent = frames.Count == 0 ? null : frames[^1].Node;
                        JContainer node = isObject ? new JObject { Start = start, Parent = parent } : new JArray { Start = start, Parent = parent };
                        Attach(node);
                        var open = everything || childFocus?.Children is not null;
                        if (!open)
                        {
                            node.Fold(source);
                        }

                        frames.Add(new Frame(node, open, childFocus, open || !isObject ? null : Rent(spareNames)));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        var closed = frames[^1];
                        frames.RemoveAt(frames.Count - 1);
                        if (closed.Node is not null)
                        {
                            closed.Node.End = start + 1;
                        }

                        if (closed.Names is { } names && !names.IsLarge)
                        {
                            names.Clear();
                            spareNames.Push(names);
                        }

                        continue;
                    case JsonTokenType.String when built:
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length + 2, Parent = frames.Count == 0 ? null : frames[^1].Node, Typed = reader.GetString() });
                        continue;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped)
                        {
                            _ = Unescaped(ref reader, ref chars);
                        }
                        else if (!Utf8.IsValid(reader.ValueSpan))
                        {
                            throw JsonModel.Refuse(ConfigStoreError.InvalidEncoding, location, Inv($"has a string that is not valid UTF-8 at {JsonModel.Where(utf8, start)}"));
                        }

                        continue;
                    case JsonTokenType.Number when built:
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length, Parent = frames.Count == 0 ? null : frames[^1].Node, Typed = Number(reader.ValueSpan, utf8, start, location) });
                        continue;
                    case JsonTokenType.Number:
                        if (reader.ValueSpan.Length > 18 || reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
                        {
                            _ = Number(reader.ValueSpan, utf8, start, location);
                        }

                        continue;
                    case JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null when built:
                        var typed = reader.TokenType == JsonTokenType.Null ? null : (object)(reader.TokenType == JsonTokenType.True);
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length, Parent = frames.Count == 0 ? null : frames[^1].Node, Typed = typed });
                        continue;
                    default:
                        continue;
                }
            }
        }
        catch (JsonException ex)
        {
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
            throw JsonModel.Refuse(depth ? ConfigStoreError.TooDeep : ConfigStoreError.Syntax, location, Inv($"is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line: {ex.Message}"), ex);
        }
        catch (InvalidOperationException ex)
        {
            throw JsonModel.Refuse(ConfigStoreError.InvalidEncoding, location, Inv($"has a string that is not valid UTF-8: {ex.Message}"), ex);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        return root;

        void Attach(JNode node)
        {
            switch (frames.Count == 0 ? null : frames[^1].Node)
            {
                case null:
                    root = node;
                    break;
                case JObject:
                    pending!.Value = node;
                    pending = null;
                    break;
                case JArray array:
                    array.AddBuilt(node);
                    break;
            }
        }
    }

    /// <summary>The planned segments below a new child of a built container.</summary>
    private static PlannedPaths.Node? ChildFocus(Frame parent, PlannedPaths.Node? pendingFocus) => parent.Node switch
    {
        JObject => pendingFocus,
        JArray array when parent.Focus?.Children is not null => parent.Focus.Child(array.BuiltCount.ToString(CultureInfo.InvariantCulture)),
        _ => null,
    };

    private static JsonNameSet Rent(Stack<JsonNameSet> spare) => spare.Count > 0 ? spare.Pop() : new JsonNameSet();

    /// <summary>The current string or name token unescaped into a pooled buffer (throws <see cref="InvalidOperationException"/> for text that is not valid UTF-8 or UTF-16).</summary>
    private static ReadOnlySpan<char> Unescaped(ref Utf8JsonReader reader, ref char[] chars)
    {
        if (chars.Length < reader.ValueSpan.Length)
        {
            ArrayPool<char>.Shared.Return(chars);
            chars = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
        }

        return chars.AsSpan(0, reader.CopyString(chars));
    }

    /// <summary>Whether a name has a control character (<see cref="char.IsControl(char)"/>: U+0000-U+001F and U+007F-U+009F).</summary>
    private static bool IsControl(ReadOnlySpan<char> name) =>
        name.IndexOfAnyInRange('\0', '\u001F') >= 0 || name.IndexOfAnyInRange('\u007F', '\u009F') >= 0;

    private static object Number(ReadOnlySpan<byte> raw, byte[] utf8, int start, string location)
    {
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0
            && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"has the number {Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 40)])} at {JsonModel.Where(utf8, start)}, which is out of range (it would read as infinity)"));
        }

        return value;
    }

    /// <summary>An open container: its node (none inside a folded one), whether its children get nodes, the planned segments below it, and the names of a folded object.</summary>
    private readonly record struct Frame(JContainer? Node, bool Built, PlannedPaths.Node? Focus, JsonNameSet? Names);
}
