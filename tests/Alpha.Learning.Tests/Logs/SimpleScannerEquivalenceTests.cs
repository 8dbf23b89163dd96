using System.Text;
using System.Text.Unicode;

using Alpha.Learning.LogGenerator;
using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.Tests.Logs;

/// <summary>
/// The parser first tries a scanner for simple, well-formed lines and falls back to the full JSON reader. Whatever
/// the scanner accepts, the reader must read as the very same event: otherwise the read would depend on which path
/// took a line. Checked on generated logs, on hand-made edge cases, and on many random mutations of both.
/// </summary>
public class SimpleScannerEquivalenceTests
{
    private static readonly string[] EdgeCases =
    [
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":1e400}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":-0}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":-0.0}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":01}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":1.}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":.5}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":1E+2}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":1e-2}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":0.30000000000000004}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":123456789012345678901234567890}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":-}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":-01}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":1e+}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":-.5}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":Infinity}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":NaN}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","prompt_tokens":1E2}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","prompt_tokens":12,"completion_tokens":0,"total_tokens":12}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"search","duration":"1"}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","prompt_tokens":1.0}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","prompt_tokens":1e3}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","prompt_tokens":9223372036854775808}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","prompt_tokens":-1}""",
        """{"event":"llm_interaction","timestamp":"2026-11-20T10:00:00Z","model":"gpt-4","estimated_cost":0.15,"success":null}""",
        """ { "event" : "task_start" , "timestamp" : "2026-11-20T10:00:00Z" , "task_name" : "a" } """,
        "{\"event\":\"task_start\",\t\"timestamp\":\"2026-11-20T10:00:00Z\",\r\n\"task_name\":\"a\"}",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a"} x""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a"}{}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a",}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a","task_name":"b"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":null,"task_name":"b"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z"}""",
        """{"event":"task_start","task_name":"a"}""",
        """{"event":"task_start","timestamp":"yesterday","task_name":"a"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00","task_name":"a"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00+05:30","task_name":"a"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a\u0001b"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a\"b"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"caf\u00e9"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"café"}""",
        "{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\u2028b\"}",
        "{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\u0085b\"}",
        "{\"event\":\"task_start\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"task_name\":\"a\u007Fb\"}",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a\u2028b"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a","extra":[1,{"b":[true,false,null]},"c"]}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":1}}}}}}}}}}}}}}}}}}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":{ "q" : [ 1 , 2 ] }}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":"raw"}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":42}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":{"a":1,}}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":{"a" 1}}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":{1:2}}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","parameters":[1 2]}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","success":tru}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","success":truex}""",
        """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t","success":"true"}""",
        """{"event":"custom_thing","timestamp":"2026-11-20T10:00:00Z","user":"bob","n":3,"ok":true,"obj":{"a":1}}""",
        """{"event":"custom_thing","timestamp":"2026-11-20T10:00:00Z"}""",
        """{"event":"task_error","timestamp":"2026-11-20T10:00:00Z","task_name":"a","error":"Connection timeout after 30s","error_type":"TimeoutError","traceback":"line 1"}""",
        """{"event":"task_error","timestamp":"2026-11-20T10:00:00Z","task_name":"a","error":"multi\nline","error_type":"E"}""",
        """{"event":"task_error","timestamp":"2026-11-20T10:00:00Z","task_name":"a","error":"bad \ud800 surrogate"}""",
        """{"event":"task_error","timestamp":"2026-11-20T10:00:00Z","task_name":"a","error":5}""",
        """{"ev\u0065nt":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a"}""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a"/*c*/}""",
        """{}""",
        """[]""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"a\""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":""",
        """{"event":"task_start","timestamp":"2026-11-20T10:00:00Z",""",
        """{"event":"task_start""",
        """{""",
    ];

    [Fact]
    public void WhateverTheScannerReads_TheReaderReadsAsTheSameEvent()
    {
        using var folder = new TempFolder();
        ExecutionLogGenerator.Generate(folder.Path, new LogGeneratorOptions { SizeMegabytes = 1, MalformedRate = 0.02, Seed = 7 });
        var generated = Directory.GetFiles(folder.Path).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();
        generated.Should().HaveCountGreaterThan(3000);

        var lines = generated.Concat(EdgeCases).Concat(StopsAroundTheVectorSteps()).ToList();
        var simple = Check(lines.Select(Encoding.UTF8.GetBytes), out var checkedLines);
        checkedLines.Should().Be(lines.Count);

        // The scanner is worth having only if it takes nearly every line an agent writes.
        simple.Should().BeGreaterThan((int)(generated.Count * 0.9), "the scanner should read nearly every generated line");
    }

    [Fact]
    public void OnRandomMutations_TheScannerNeverDisagreesWithTheReader()
    {
        using var folder = new TempFolder();
        ExecutionLogGenerator.Generate(folder.Path, new LogGeneratorOptions { SizeMegabytes = 0.2, Seed = 11 });
        var seeds = Directory.GetFiles(folder.Path).SelectMany(File.ReadAllLines).Where(l => l.Length > 0)
            .Concat(EdgeCases).Select(Encoding.UTF8.GetBytes).ToList();
        var random = new Random(1234);
        ReadOnlySpan<byte> alphabet = "{}[]\":,. \t\r\n\u0001\u001f\u007f-+eE0123456789tfnul\\/xé"u8;
        var mutants = new List<byte[]>();
        for (var n = 0; n < 40_000; n++)
        {
            var line = seeds[random.Next(seeds.Count)].ToList();
            for (var edits = random.Next(1, 4); edits > 0 && line.Count > 0; edits--)
            {
                var at = random.Next(line.Count);
                switch (random.Next(3))
                {
                    case 0:
                        line.RemoveAt(at);
                        break;
                    case 1:
                        line.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        line[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            mutants.Add([.. line]);
        }

        var simple = Check(mutants, out var checkedLines);
        checkedLines.Should().BeGreaterThan(30_000, "most mutants stay valid UTF-8");
        simple.Should().BeGreaterThan(1_000, "some mutants are still simple events, so agreement is really tested");
    }

    /// <summary>A quote, an escape or a raw control byte at every offset of a string across the scanner's 16-byte steps.</summary>
    private static IEnumerable<string> StopsAroundTheVectorSteps()
    {
        foreach (var stop in new[] { "\\\"", "\\n", "\u0001", "\u001f", "\"", "\t" })
        {
            for (var offset = 0; offset <= 40; offset++)
            {
                var name = new string('a', offset) + stop + "b";
                yield return $$"""{"event":"task_start","timestamp":"2026-11-20T10:00:00Z","task_name":"{{name}}"}""";
                yield return $$"""{"event":"task_error","timestamp":"2026-11-20T10:00:00Z","task_name":"t","error":"{{name}}"}""";
            }
        }
    }

    [Fact]
    public void TheReader_UnescapesOnlyTextFields()
    {
        var parser = new JsonLineParser(64, naiveZone: null);
        const string Head = """{"event":"tool_execution","timestamp":"2026-11-20T10:00:00Z","tool_name":"t",""";

        // Parameters keep their raw text, escapes and all, even one that is not valid Unicode.
        var e = parser.ParseWithReader(Encoding.UTF8.GetBytes(Head + "\"parameters\":\"a\\ud800b\"}"), out _, out _);
        e.Should().NotBeNull();
        e!.Parameters.Should().Be("\"a\\ud800b\"");

        // A string where a number or a boolean belongs is of the wrong type, whatever it holds.
        foreach (var field in new[] { "success", "duration", "estimated_cost", "prompt_tokens" })
        {
            parser.ParseWithReader(Encoding.UTF8.GetBytes(Head + "\"" + field + "\":\"\\ud800\"}"), out var reason, out _).Should().BeNull();
            reason.Should().Be(MalformedReason.InvalidFieldType, field);
        }

        // A text field is unescaped, so a lone surrogate there makes the line malformed.
        parser.ParseWithReader(Encoding.UTF8.GetBytes(Head + "\"error\":\"\\ud800\"}"), out var textReason, out _).Should().BeNull();
        textReason.Should().Be(MalformedReason.InvalidJson);

        var escaped = parser.ParseWithReader(Encoding.UTF8.GetBytes("""{"event":"task_start","timestamp":"2026-11-20T10:00:00\u005a","task_name":"caf\u00e9"}"""), out _, out _);
        escaped!.Timestamp.Should().Be(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        escaped.TaskName.Should().Be("café");
    }

    /// <summary>Asserts agreement on every valid UTF-8 line; returns how many lines the scanner read.</summary>
    private static int Check(IEnumerable<byte[]> lines, out int checkedLines)
    {
        var scanner = new JsonLineParser(64, naiveZone: null);
        var reader = new JsonLineParser(64, naiveZone: null);
        var shallow = new JsonLineParser(3, naiveZone: null);
        var shallowReader = new JsonLineParser(3, naiveZone: null);
        var flat = new JsonLineParser(2, naiveZone: null);
        var flatReader = new JsonLineParser(2, naiveZone: null);
        var zone = TimeZoneInfo.CreateCustomTimeZone("test+05:30", new TimeSpan(5, 30, 0), "test", "test");
        var zoned = new JsonLineParser(64, zone);
        var zonedReader = new JsonLineParser(64, zone);
        var simple = 0;
        checkedLines = 0;
        foreach (var line in lines)
        {
            if (!Utf8.IsValid(line))
            {
                continue;
            }

            checkedLines++;
            simple += Agree(scanner, reader, line) ? 1 : 0;
            Agree(shallow, shallowReader, line);
            Agree(flat, flatReader, line);
            Agree(zoned, zonedReader, line);
        }

        return simple;
    }

    private static bool Agree(JsonLineParser scanner, JsonLineParser reader, byte[] line)
    {
        var fast = scanner.TryParseSimple(line);
        if (fast is null)
        {
            return false;
        }

        var full = reader.ParseWithReader(line, out var reason, out var detail);
        var text = Encoding.UTF8.GetString(line);
        full.Should().NotBeNull($"the scanner read this line, so the reader must too (it says {reason}: {detail}): {text}");
        fast.Should().BeEquivalentTo(full, options => options.ComparingByMembers<ExecutionEvent>(), text);
        fast.Timestamp.Offset.Should().Be(full!.Timestamp.Offset, text);
        return true;
    }
}
