using System.Text;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>Hostile files read in a child process, so a stack overflow or a runaway would show as a crash or a timeout.</summary>
public sealed class YamlConfigStoreHostileInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> HostileFiles => new()
    {
        { "alias-bomb", "alias-bomb" },
        { "flow-nesting-100000", "flow-nesting" },
        { "block-nesting-1400", "block-nesting" },
        { "dash-nesting-100000", "dash-nesting" },
        { "scalar-10MB", "big-scalar" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task ReadAsync_HostileFileInChildProcess_RefusedQuicklyInBoundedMemory(string name, string kind)
    {
        var path = _folder.WriteBytes(name + ".yaml", Encoding.UTF8.GetBytes(Build(kind)));

        (await ConfigFixtures.ReadInChildProcessAsync(path, output)).Should().StartWith("refused");
    }

    private static string Build(string kind)
    {
        switch (kind)
        {
            case "alias-bomb":
                var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
                for (var i = 1; i < 10; i++)
                {
                    var prev = (char)('a' + i - 1);
                    bomb.Append((char)('a' + i)).Append(": &").Append((char)('a' + i)).Append(" [");
                    bomb.AppendJoin(",", Enumerable.Repeat("*" + prev, 9)).Append("]\n");
                }

                return bomb.ToString();
            case "flow-nesting":
                return "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
            case "block-nesting":
                // Indented 100,000 deep would be gigabytes (over the size cap); 1,400 levels of one space each fit in 1 MiB.
                var block = new StringBuilder();
                for (var i = 0; i < 1400; i++)
                {
                    block.Append(' ', i).Append("k:\n");
                }

                return block.ToString();
            case "dash-nesting":
                return string.Concat(Enumerable.Repeat("- ", 100_000)) + "x\n";
            default:
                return "a: \"" + new string('x', 10 * 1024 * 1024) + "\"\n";
        }
    }
}
