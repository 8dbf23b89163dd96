using Alpha.Learning.Logs;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Alpha.Learning.Tests.Logs;

public class JsonLinesLogSourcePropertyTests
{
    private static readonly byte[][] ValidLines =
    [
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_id":"t1","task_name":"web_research"}"""u8.ToArray(),
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:01+01:00","task_id":"t1","tool_name":"search","parameters":{"q":"x"},"duration":7.5,"success":true}"""u8.ToArray(),
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:02","task_id":"t1","provider":"openai","model":"gpt-4","prompt_tokens":3000,"completion_tokens":800,"total_tokens":3800,"duration":4.2,"estimated_cost":0.15}"""u8.ToArray(),
        """{"event":"custom_thing","timestamp":"2026-11-20T10:00:03Z","a":"b"}"""u8.ToArray(),
    ];

    [Property(MaxTest = 200)]
    public Property ReadAsync_ByteSoupMixedWithValidLines_NeverThrowsAndCountsEveryLine()
    {
        var item = Gen.OneOf(
            Gen.Choose(0, ValidLines.Length - 1).Select(i => (Valid: true, Bytes: ValidLines[i])),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (Valid: false, Bytes: b)),
            Gen.Elements("{", "[", "{\"event\":1}", "\"\\ud800\"", "{\"a\":1e999}", "\u2028", "{\"event\":\"task_start\"").Select(s => (Valid: false, Bytes: System.Text.Encoding.UTF8.GetBytes(s))));
        return Prop.ForAll(Gen.ListOf(item).ToArbitrary(), items =>
        {
            using var folder = new TempFolder();
            var bytes = new List<byte>();
            foreach (var (_, line) in items)
            {
                bytes.AddRange(line);
                bytes.Add((byte)'\n');
            }

            var file = folder.WriteBytes("soup.jsonl", [.. bytes]);
            var stats = new LogReadStatistics();
            var events = 0;
            var source = new JsonLinesLogSource(new JsonLinesLogSourceOptions { MaxLineBytes = 4096 });
            var read = Task.Run(async () =>
            {
                await foreach (var unused in source.ReadAsync(new LogQuery { Paths = [file] }, stats))
                {
                    events++;
                }
            });
            read.GetAwaiter().GetResult();

            var validCount = items.Count(i => i.Valid);
            return stats.Lines == stats.Events + stats.Malformed + stats.BlankLines
                && events == stats.Events
                && events >= validCount;
        });
    }
}
