using System.Globalization;
using System.Text;
using System.Text.Json;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>A node of a JSON document with its byte span in the UTF-8 text (without a byte-order mark).</summary>
internal abstract class JNode
{
    /// <summary>Gets the offset of the node's first byte.</summary>
    public int Start { get; init; }

    /// <summary>Gets the offset just past the node's last byte.</summary>
    public int End { get; set; }

    /// <summary>Gets the object or array holding the node, or <see langword="null"/> for the root.</summary>
    public JNode? Parent { get; init; }
}

/// <summary>A string, number, boolean or null.</summary>
internal sealed class JScalar : JNode
{
    /// <summary>Gets the value: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public object? Typed { get; init; }
}

/// <summary>An array.</summary>
internal sealed class JArray : JNode
{
    public List<JNode> Items { get; } = [];
}

/// <summary>An object: its members in file order.</summary>
internal sealed class JObject : JNode
{
    private Dictionary<string, JMember>? _index;

    public List<JMember> Members { get; } = [];

    /// <summary>Finds a member by name, ignoring case as <c>IConfiguration</c> does.</summary>
    public JMember? Find(string name)
    {
        if (_index is not null)
        {
            return _index.GetValueOrDefault(name);
        }

        foreach (var member in Members)
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>Adds a member, keeping a name index once the object is wide, so a wide object costs linear time.</summary>
    public void Add(JMember member)
    {
        Members.Add(member);
        if (_index is not null)
        {
            _index[member.Name] = member;
        }
        else if (Members.Count > 8)
        {
            _index = new Dictionary<string, JMember>(StringComparer.OrdinalIgnoreCase);
            foreach (var each in Members)
            {
                _index[each.Name] = each;
            }
        }
    }
}

/// <summary>An object member: its name (unescaped), the span of the quoted name, and its value.</summary>
internal sealed class JMember
{
    public required string Name { get; init; }

    public required int NameStart { get; init; }

    public required int NameEnd { get; init; }

    public JNode Value { get; set; } = null!;
}

/// <summary>
/// A parsed JSON document (comments and trailing commas allowed, as <c>appsettings.json</c> has them): the UTF-8
/// bytes and the tree of nodes with their spans. Built with <see cref="Utf8JsonReader"/> and an explicit stack, after
/// <see cref="JsonPreScan"/> has bounded depth and string sizes; duplicate member names (ignoring case) are refused.
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

    public static JsonModel Parse(byte[] utf8, string location, int maxDepth, int maxStringBytes)
    {
        JsonPreScan.Check(utf8, location, maxDepth, maxStringBytes);
        if (utf8.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return new JsonModel(utf8, null);
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = maxDepth + 1,
        });
        JNode? root = null;
        var stack = new Stack<JNode>();
        JMember? pending = null;
        try
        {
            while (reader.Read())
            {
                var start = checked((int)reader.TokenStartIndex);
                var parent = stack.Count > 0 ? stack.Peek() : null;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var obj = (JObject)parent!;
                        if (name.Any(char.IsControl))
                        {
                            throw Refuse(ConfigStoreError.Syntax, location, Inv($"has a member name with a control character at {Where(utf8, start)}"));
                        }

                        if (obj.Find(name) is { } other)
                        {
                            throw Refuse(ConfigStoreError.DuplicateKey, location, Inv($"has the member '{YamlScalars.Escape(name)}' twice in one object (ignoring case, as configuration does: '{YamlScalars.Escape(other.Name)}' first) at {Where(utf8, start)}"));
                        }

                        pending = new JMember { Name = name, NameStart = start, NameEnd = start + reader.ValueSpan.Length + 2 };
                        obj.Add(pending);
                        continue;
                    case JsonTokenType.StartObject:
                        Attach(new JObject { Start = start, Parent = parent }, push: true);
                        continue;
                    case JsonTokenType.StartArray:
                        Attach(new JArray { Start = start, Parent = parent }, push: true);
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop().End = start + 1;
                        continue;
                    case JsonTokenType.String:
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length + 2, Parent = parent, Typed = reader.GetString() }, push: false);
                        continue;
                    case JsonTokenType.Number:
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length, Parent = parent, Typed = Number(reader.ValueSpan, utf8, start, location) }, push: false);
                        continue;
                    case JsonTokenType.True or JsonTokenType.False:
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length, Parent = parent, Typed = reader.TokenType == JsonTokenType.True }, push: false);
                        continue;
                    case JsonTokenType.Null:
                        Attach(new JScalar { Start = start, End = start + reader.ValueSpan.Length, Parent = parent, Typed = null }, push: false);
                        continue;
                    default:
                        continue;
                }
            }
        }
        catch (JsonException ex)
        {
            var depth = ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);
            throw Refuse(depth ? ConfigStoreError.TooDeep : ConfigStoreError.Syntax, location, Inv($"is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line: {ex.Message}"), ex);
        }
        catch (InvalidOperationException ex)
        {
            throw Refuse(ConfigStoreError.InvalidEncoding, location, Inv($"has a string that is not valid UTF-8: {ex.Message}"), ex);
        }

        return new JsonModel(utf8, root);

        void Attach(JNode node, bool push)
        {
            switch (stack.Count > 0 ? stack.Peek() : null)
            {
                case null:
                    root = node;
                    break;
                case JObject:
                    pending!.Value = node;
                    pending = null;
                    break;
                case JArray array:
                    array.Items.Add(node);
                    break;
            }

            if (push)
            {
                stack.Push(node);
            }
        }
    }

    /// <summary>Gets the text of the document (for messages and snapshots).</summary>
    public string Text => Encoding.UTF8.GetString(Utf8);

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
            throw Refuse(ConfigStoreError.Syntax, location, Inv($"has the number {Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 40)])} at {Where(utf8, start)}, which is out of range (it would read as infinity)"));
        }

        return value;
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
