using System.Globalization;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>Apply then apply the inverse gives back the original bytes, over random valid commented configs and allowed (type-keeping) changes.</summary>
public sealed class RollbackPropertyTests
{
    private static readonly string[] Keys = ["tasks", "tools", "timeout", "web_research", "x-1", "Key_2", "cache", "enabled", "models", "retry"];

    [Property(MaxTest = 150)]
    public Property ApplyThenInverse_RandomConfigAndChanges_RestoresOriginalBytes() =>
        Prop.ForAll(ArbMap.Default.GeneratorFor<int>().ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            var (text, leaves, maps) = RandomConfig(random);
            using var folder = new TempFolder();
            var path = folder.WriteBytes("c.yaml", Encoding.UTF8.GetBytes(text));
            var store = new YamlConfigStore(new YamlConfigStoreOptions { Path = path });
            var changes = RandomChanges(random, leaves, maps);

            var plan = store.PlanAsync(changes).AsTask().GetAwaiter().GetResult();
            store.ApplyAsync(plan).AsTask().GetAwaiter().GetResult().Status.Should().Be(ConfigWriteStatus.Applied);
            var snapshot = store.ReadAsync().AsTask().GetAwaiter().GetResult();
            foreach (var change in changes)
            {
                snapshot.TryGetValue(change.Path, out var now).Should().BeTrue();
                now.Should().Be(change.NewValue);
            }

            var inverse = store.PlanAsync(ConfigImprovementAction.Inverse(plan.Changes)).AsTask().GetAwaiter().GetResult();
            store.ApplyAsync(inverse).AsTask().GetAwaiter().GetResult();
            return File.ReadAllText(path) == text;
        });

    private static (string Text, List<(string Path, object Value)> Leaves, List<string> Maps) RandomConfig(Random random)
    {
        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        var step = random.Next(2) == 0 ? 2 : 4;
        var builder = new StringBuilder();
        var leaves = new List<(string, object)>();
        var maps = new List<string>();
        if (random.Next(3) == 0)
        {
            builder.Append("# generated config").Append(newline);
        }

        WriteMap(string.Empty, 0, 0);
        var text = builder.ToString();
        if (random.Next(5) == 0)
        {
            text = text.TrimEnd('\r', '\n');
        }

        return (text, leaves, maps);

        void WriteMap(string prefix, int indent, int depth)
        {
            var keys = Keys.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
            foreach (var key in keys)
            {
                if (random.Next(4) == 0)
                {
                    builder.Append(' ', indent).Append("# about ").Append(key).Append(newline);
                }

                if (random.Next(6) == 0)
                {
                    builder.Append(newline);
                }

                var path = prefix.Length == 0 ? key : prefix + "." + key;
                builder.Append(' ', indent).Append(key).Append(':');
                if (depth < 3 && random.Next(3) > 0)
                {
                    builder.Append(newline);
                    maps.Add(path);
                    WriteMap(path, indent + step, depth + 1);
                }
                else
                {
                    var (literal, value) = RandomLeaf(random);
                    builder.Append(' ').Append(literal);
                    if (random.Next(4) == 0)
                    {
                        builder.Append("  # note");
                    }

                    builder.Append(newline);
                    leaves.Add((path, value));
                }
            }
        }
    }

    private static (string Literal, object Value) RandomLeaf(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                var l = (long)random.Next(-1000, 100_000);
                return (l.ToString(CultureInfo.InvariantCulture), l);
            case 1:
                var d = random.Next(1, 4000) / 8.0;
                return (YamlScalars.Render(d, null), d);
            case 2:
                var b = random.Next(2) == 0;
                var word = random.Next(3) switch { 0 => b ? "true" : "false", 1 => b ? "True" : "False", _ => b ? "TRUE" : "FALSE" };
                return (word, b);
            case 3:
                var plain = "model-" + random.Next(100).ToString(CultureInfo.InvariantCulture);
                return (plain, plain);
            case 4:
                var single = "it's " + random.Next(100).ToString(CultureInfo.InvariantCulture);
                return ("'" + single.Replace("'", "''", StringComparison.Ordinal) + "'", single);
            default:
                var quoted = "two words " + random.Next(100).ToString(CultureInfo.InvariantCulture);
                return ("\"" + quoted + "\"", quoted);
        }
    }

    private static ConfigChange[] RandomChanges(Random random, List<(string Path, object Value)> leaves, List<string> maps)
    {
        var changes = new Dictionary<string, ConfigChange>(StringComparer.Ordinal);
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            if (leaves.Count > 0 && random.Next(2) == 0)
            {
                var (path, value) = leaves[random.Next(leaves.Count)];
                object next = value switch
                {
                    long l => random.Next(2) == 0 ? l + random.Next(1, 50) : (l * 2) + 0.5,
                    double d => d * 2,
                    bool b => !b,
                    _ => "other-" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
                };
                changes.TryAdd(path, new ConfigChange { Path = path, OldValue = value, NewValue = next });
            }
            else
            {
                var parent = maps.Count > 0 && random.Next(3) > 0 ? maps[random.Next(maps.Count)] + "." : string.Empty;
                var path = parent + (random.Next(2) == 0 ? "new_" + i.ToString(CultureInfo.InvariantCulture) : "n" + i.ToString(CultureInfo.InvariantCulture) + ".leaf");
                if (!leaves.Any(l => l.Path == path || l.Path.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(l.Path + ".", StringComparison.Ordinal)))
                {
                    var (_, value) = RandomLeaf(random);
                    changes.TryAdd(path, new ConfigChange { Path = path, NewValue = value });
                }
            }
        }

        if (changes.Count == 0)
        {
            changes["zz_new"] = new ConfigChange { Path = "zz_new", NewValue = 1L };
        }

        return [.. changes.Values];
    }
}
