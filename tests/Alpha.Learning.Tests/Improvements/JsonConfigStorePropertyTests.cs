using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// Over random commented JSON documents (both comment kinds, trailing commas or not, one-line and multi-line objects,
/// arrays, CRLF or LF, 2/4 spaces or tabs, a BOM or not): applying allowed changes loses no comment, and applying the
/// inverse gives back the original bytes.
/// </summary>
public sealed partial class JsonConfigStorePropertyTests
{
    private static readonly string[] Keys = ["Agent", "tools", "Timeout", "web_research", "x-1", "Key_2", "cache", "Enabled", "models", "retry"];

    [Property(MaxTest = 250)]
    public Property ApplyThenInverse_RandomCommentedDocument_NoCommentLostAndOriginalBytesBack() =>
        Prop.ForAll(ArbMap.Default.GeneratorFor<int>().ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var document = RandomDocument(random);
            using var folder = new TempFolder();
            var path = folder.WriteBytes("appsettings.json", document.Bytes);
            var store = new JsonConfigStore(new JsonConfigStoreOptions { Path = path });
            var changes = RandomChanges(random, document);

            var plan = store.PlanAsync(changes).AsTask().GetAwaiter().GetResult();
            store.ApplyAsync(plan).AsTask().GetAwaiter().GetResult().Status.Should().Be(ConfigWriteStatus.Applied);
            var snapshot = store.ReadAsync().AsTask().GetAwaiter().GetResult();
            foreach (var change in changes)
            {
                snapshot.TryGetValue(change.Path, out var now).Should().BeTrue(change.Path);
                now.Should().Be(change.NewValue);
            }

            var applied = Encoding.UTF8.GetString(File.ReadAllBytes(path));
            Comments(applied).Should().Equal(Comments(Encoding.UTF8.GetString(document.Bytes)), "no comment is lost or moved out of order");

            var inverse = store.PlanAsync(ConfigImprovementAction.Inverse(plan.Changes)).AsTask().GetAwaiter().GetResult();
            store.ApplyAsync(inverse).AsTask().GetAwaiter().GetResult();
            return File.ReadAllBytes(path).AsSpan().SequenceEqual(document.Bytes);
        });

    private static List<string> Comments(string text) => [.. CommentRegex().Matches(text).Select(m => m.Value)];

    private static Document RandomDocument(Random random)
    {
        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        var unit = random.Next(3) switch { 0 => "  ", 1 => "    ", _ => "\t" };
        var separator = random.Next(4) == 0 ? ":" : ": ";
        var builder = new StringBuilder();
        var document = new Document();
        var comment = 0;
        if (random.Next(3) == 0)
        {
            builder.Append("// c").Append(comment++).Append(" generated settings").Append(newline);
        }

        WriteObject(string.Empty, string.Empty, 0);
        builder.Append(newline);
        var text = builder.ToString();
        if (random.Next(5) == 0)
        {
            text = text.TrimEnd('\r', '\n');
        }

        var bom = random.Next(4) == 0;
        document.Bytes = bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);
        return document;

        void WriteObject(string prefix, string indent, int depth)
        {
            document.Objects.Add(prefix);
            var keys = Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).ToArray();
            var trailing = random.Next(3) == 0;
            var inline = depth > 0 && random.Next(4) == 0;
            builder.Append('{');
            var inner = indent + unit;
            for (var k = 0; k < keys.Length; k++)
            {
                var key = keys[k];
                var path = prefix.Length == 0 ? key : prefix + ":" + key;
                if (inline)
                {
                    builder.Append(' ');
                }
                else
                {
                    builder.Append(newline);
                    if (random.Next(4) == 0)
                    {
                        builder.Append(inner).Append("// c").Append(comment++).Append(" about ").Append(key).Append(newline);
                    }

                    if (random.Next(6) == 0)
                    {
                        builder.Append(inner).Append("/* c").Append(comment++).Append(" block */").Append(newline);
                    }

                    builder.Append(inner);
                }

                builder.Append('"').Append(key).Append('"').Append(separator);
                var kind = depth < 3 ? random.Next(5) : 4;
                if (kind <= 1)
                {
                    WriteObject(path, inner, depth + 1);
                }
                else if (kind == 2)
                {
                    builder.Append('[');
                    var count = random.Next(0, 4);
                    for (var i = 0; i < count; i++)
                    {
                        var (literal, value) = RandomLeaf(random);
                        builder.Append(i == 0 ? string.Empty : ", ").Append(literal);
                        document.Leaves.Add((path + ":" + i.ToString(CultureInfo.InvariantCulture), value));
                    }

                    builder.Append(']');
                }
                else
                {
                    var (literal, value) = RandomLeaf(random);
                    builder.Append(literal);
                    document.Leaves.Add((path, value));
                }

                var last = k == keys.Length - 1;
                if (!last || trailing)
                {
                    builder.Append(',');
                }

                if (!inline && random.Next(4) == 0)
                {
                    builder.Append(random.Next(2) == 0 ? " // c" + comment++ + " note" : " /* c" + comment++ + " note */");
                }
            }

            builder.Append(inline ? " }" : newline + indent + "}");
        }
    }

    private static (string Literal, object Value) RandomLeaf(Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                var l = (long)random.Next(-1000, 100_000);
                return (l.ToString(CultureInfo.InvariantCulture), l);
            case 1:
                var d = random.Next(1, 4000) / 8.0;
                return (JsonScalars.Render(d), d);
            case 2:
                var b = random.Next(2) == 0;
                return (b ? "true" : "false", b);
            case 3:
                var plain = "model-" + random.Next(100).ToString(CultureInfo.InvariantCulture);
                return (JsonScalars.Quote(plain), plain);
            default:
                var text = "say \"hi\" // not a comment " + random.Next(100).ToString(CultureInfo.InvariantCulture) + " é";
                return (JsonScalars.Quote(text), text);
        }
    }

    private static ConfigChange[] RandomChanges(Random random, Document document)
    {
        var changes = new Dictionary<string, ConfigChange>(ConfigPathComparer.Instance);
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            if (document.Leaves.Count > 0 && random.Next(2) == 0)
            {
                var (path, value) = document.Leaves[random.Next(document.Leaves.Count)];
                object next = value switch
                {
                    long l => random.Next(2) == 0 ? l + random.Next(1, 50) : (l * 2) + 0.5,
                    double d => d * 2,
                    bool b => !b,
                    _ => "other-" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
                };
                var written = random.Next(2) == 0 ? path.Replace(':', '.') : path.ToUpperInvariant();
                changes.TryAdd(written, new ConfigChange { Path = written, OldValue = value, NewValue = next });
            }
            else
            {
                var parent = document.Objects[random.Next(document.Objects.Count)];
                var prefix = parent.Length == 0 ? string.Empty : parent + ":";
                var path = prefix + (random.Next(2) == 0 ? "new_" + i.ToString(CultureInfo.InvariantCulture) : "n" + i.ToString(CultureInfo.InvariantCulture) + ":leaf");
                var (_, value) = RandomLeaf(random);
                changes.TryAdd(path, new ConfigChange { Path = path, NewValue = value });
            }
        }

        return [.. changes.Values];
    }

    [GeneratedRegex(@"(//|/\*) c[0-9]+[^\r\n]*")]
    private static partial Regex CommentRegex();

    private sealed class Document
    {
        public byte[] Bytes { get; set; } = [];

        public List<(string Path, object Value)> Leaves { get; } = [];

        public List<string> Objects { get; } = [];
    }
}
