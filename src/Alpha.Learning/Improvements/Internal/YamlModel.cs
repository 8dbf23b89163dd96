using YamlDotNet.Core;
using YamlDotNet.Core.Events;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// A YAML document parsed into a light model with text positions, built with an explicit stack from YamlDotNet's
/// event parser (never <c>YamlStream</c>): refuses anchors, aliases, tags, duplicate keys, complex keys, several
/// documents and nesting deeper than the limit, after a cheap linear pre-scan.
/// </summary>
internal sealed class YamlModel
{
    private YamlModel(string text, YNode? root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    /// <summary>Gets the root node, or <see langword="null"/> for an empty document (only comments or nothing).</summary>
    public YNode? Root { get; }

    public static YamlModel Parse(string text, string location, int maxDepth)
    {
        YamlPreScan.Check(text, location, maxDepth);
        try
        {
            return ParseCore(text, location, maxDepth);
        }
        catch (YamlException ex) when (TabIndentedLine(text, int.MaxValue) is { } tabLine)
        {
            // YamlDotNet reports a tab in the indentation at the start of the block it was scanning (often line 1).
            throw new ConfigStoreException(
                ConfigStoreError.Syntax,
                location,
                Inv($"The configuration file '{location}' does not parse at line {tabLine}: its indentation has a tab character; YAML indents with spaces only."),
                ex);
        }
        catch (YamlException ex)
        {
            throw new ConfigStoreException(
                ConfigStoreError.Syntax,
                location,
                Inv($"The configuration file '{location}' does not parse at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}"),
                ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException)
        {
            // YamlDotNet's scanner reports some malformed input this way instead of with a YamlException.
            throw new ConfigStoreException(
                ConfigStoreError.Syntax,
                location,
                Inv($"The configuration file '{location}' does not parse: {ex.Message}"),
                ex);
        }
    }

    /// <summary>The first line (1-based) up to <paramref name="lastLine"/> whose indentation holds a tab, or null.</summary>
    private static int? TabIndentedLine(string text, int lastLine)
    {
        var line = 1;
        var atIndentation = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                if (++line > lastLine)
                {
                    return null;
                }

                atIndentation = true;
            }
            else if (atIndentation && c == '\t')
            {
                return line;
            }
            else if (c != ' ')
            {
                atIndentation = false;
            }
        }

        return null;
    }

    private static YamlModel ParseCore(string text, string location, int maxDepth)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Frame>();
        YNode? root = null;
        var documents = 0;
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case StreamStart or StreamEnd or DocumentEnd:
                    break;
                case DocumentStart:
                    if (++documents > 1)
                    {
                        throw Refuse(ConfigStoreError.Unsupported, location, current, "holds more than one document");
                    }

                    break;
                case AnchorAlias:
                    throw Refuse(ConfigStoreError.AnchorOrAlias, location, current, "uses an alias; anchors and aliases are refused");
                case NodeEvent node when !node.Anchor.IsEmpty:
                    throw Refuse(ConfigStoreError.AnchorOrAlias, location, current, "uses an anchor; anchors and aliases are refused");
                case NodeEvent node when !node.Tag.IsEmpty:
                    throw Refuse(ConfigStoreError.Tag, location, current, "uses an explicit tag; tags are refused");
                case Scalar scalar:
                    var value = new YScalar
                    {
                        Value = scalar.Value,
                        Style = scalar.Style,
                        Typed = scalar.Style == ScalarStyle.Plain ? YamlScalars.Resolve(scalar.Value) : scalar.Value,
                        Start = (int)scalar.Start.Index,
                        ContentEnd = (int)scalar.End.Index,
                    };
                    Add(stack, value, ref root, location, current);
                    break;
                case MappingStart mapping:
                    if (stack.Count + 1 > maxDepth)
                    {
                        throw TooDeep(location, current, maxDepth);
                    }

                    stack.Push(new Frame(new YMap { Flow = mapping.Style == MappingStyle.Flow, Start = (int)mapping.Start.Index }));
                    break;
                case SequenceStart sequence:
                    if (stack.Count + 1 > maxDepth)
                    {
                        throw TooDeep(location, current, maxDepth);
                    }

                    stack.Push(new Frame(new YSeq { Flow = sequence.Style == SequenceStyle.Flow, Start = (int)sequence.Start.Index }));
                    break;
                case MappingEnd or SequenceEnd:
                    var done = stack.Pop();
                    var flow = done.Node is YMap { Flow: true } || done.Node is YSeq { Flow: true };
                    done.Node.ContentEnd = flow
                        ? Math.Min(text.Length, (int)current.Start.Index + 1)
                        : done.LastContentEnd ?? done.Node.Start;
                    Add(stack, done.Node, ref root, location, current);
                    break;
                default:
                    break;
            }
        }

        return new YamlModel(text, root);
    }

    private static void Add(Stack<Frame> stack, YNode node, ref YNode? root, string location, ParsingEvent at)
    {
        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var frame = stack.Peek();
        frame.LastContentEnd = node.ContentEnd;
        switch (frame.Node)
        {
            case YSeq sequence:
                sequence.Count++;
                break;
            case YMap map when frame.PendingKey is null:
                if (node is not YScalar key)
                {
                    throw Refuse(ConfigStoreError.Unsupported, location, at, "uses a complex (non-scalar) mapping key");
                }

                frame.Keys ??= new HashSet<string>(StringComparer.Ordinal);
                if (!frame.Keys.Add(key.Value))
                {
                    throw new ConfigStoreException(
                        ConfigStoreError.DuplicateKey,
                        location,
                        Inv($"The configuration file '{location}' has the key '{YamlScalars.Escape(key.Value)}' twice in one mapping (line {LineOf(at)})."));
                }

                key.Parent = map;
                frame.PendingKey = key;
                break;
            case YMap map:
                node.Parent = map;
                map.Entries.Add(new YEntry { Key = frame.PendingKey!, Value = node });
                frame.PendingKey = null;
                break;
        }
    }

    private static long LineOf(ParsingEvent at) => at.Start.Line;

    private static ConfigStoreException TooDeep(string location, ParsingEvent at, int maxDepth) =>
        new(ConfigStoreError.TooDeep, location, Inv($"The configuration file '{location}' nests deeper than {maxDepth} levels (line {LineOf(at)})."));

    private static ConfigStoreException Refuse(ConfigStoreError error, string location, ParsingEvent at, string what) =>
        new(error, location, Inv($"The configuration file '{location}' {what} (line {LineOf(at)})."));


    private sealed class Frame(YNode node)
    {
        public YNode Node { get; } = node;

        public YScalar? PendingKey { get; set; }

        public HashSet<string>? Keys { get; set; }

        public int? LastContentEnd { get; set; }
    }
}
