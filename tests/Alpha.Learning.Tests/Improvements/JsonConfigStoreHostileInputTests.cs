using System.Text;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>
/// The YAML hostile-input suite translated to JSON, read in a child process so a stack overflow or a runaway would
/// show as a crash or a timeout: nesting bombs (arrays, objects, 1,400 indented levels), a 10 MB string, a
/// duplicate-member flood, a number that reads as infinity, and the "billion laughs" shape (JSON has no aliases, so
/// it is only a wide document and must read fine and fast).
/// </summary>
public sealed class JsonConfigStoreHostileInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string> HostileFiles => new()
    {
        { "array-nesting-100000", "array-nesting", "refused TooDeep" },
        { "object-nesting-100000", "object-nesting", "refused TooDeep" },
        { "indented-nesting-1400", "indented-nesting", "refused TooDeep" },
        { "string-10MB", "big-string", "refused TooLarge" },
        { "string-900KB", "string-under-cap", "refused TooLarge" },
        { "duplicate-members-50000", "duplicates", "refused DuplicateKey" },
        { "number-1e999", "infinity", "refused Syntax" },
        { "laughs-shape", "laughs", "ok" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task ReadAsync_HostileFileInChildProcess_RefusedQuicklyInBoundedMemory(string name, string kind, string expected)
    {
        var path = _folder.WriteBytes(name + ".json", Encoding.UTF8.GetBytes(Build(kind)));

        (await ConfigFixtures.ReadInChildProcessAsync(path, output)).Should().Be(expected);
    }

    private static string Build(string kind)
    {
        switch (kind)
        {
            case "array-nesting":
                return "{\"a\": " + new string('[', 100_000) + new string(']', 100_000) + "}\n";
            case "object-nesting":
                return string.Concat(Enumerable.Repeat("{\"k\":", 100_000)) + "1" + new string('}', 100_000) + "\n";
            case "indented-nesting":
                var block = new StringBuilder();
                for (var i = 0; i < 1400; i++)
                {
                    block.Append(' ', i).Append(i == 0 ? "{" : "\"k\": {").Append('\n');
                }

                return block.Append(new string('}', 1400)).Append('\n').ToString();
            case "big-string":
                return "{\"a\": \"" + new string('x', 10 * 1024 * 1024) + "\"}\n";
            case "string-under-cap":
                return "{\"a\": \"" + new string('x', 900 * 1024) + "\"}\n";
            case "duplicates":
                var duplicates = new StringBuilder("{");
                for (var i = 0; i < 50_000; i++)
                {
                    duplicates.Append(i == 0 ? string.Empty : ",").Append("\"same\": ").Append(i);
                }

                return duplicates.Append('}').ToString();
            case "infinity":
                return "{\"Timeout\": 1e999}\n";
            default:
                var laughs = new StringBuilder("{\n");
                for (var i = 0; i < 10; i++)
                {
                    laughs.Append("  \"").Append((char)('a' + i)).Append("\": [");
                    laughs.AppendJoin(", ", Enumerable.Repeat("\"lol\"", 9)).Append(i < 9 ? "],\n" : "]\n");
                }

                return laughs.Append("}\n").ToString();
        }
    }
}
