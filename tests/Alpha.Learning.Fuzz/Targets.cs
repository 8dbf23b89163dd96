using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.Logs.Internal;
using Alpha.Learning.Logs.Otlp.Internal;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Fuzz;

/// <summary>
/// The fuzz targets. Each takes the fuzzer's bytes and must either succeed or fail with the error its contract
/// names; any other exception (or a hang, or a crash) is a finding. The regression tests in
/// tests/Alpha.Learning.Tests/Fuzz run every committed corpus and crash file through the same targets.
/// </summary>
public static class Targets
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The JSON-lines parser: every line is an event or a counted malformed reason, never an exception.</summary>
    public static void JsonLines(ReadOnlySpan<byte> data)
    {
        var parser = new JsonLineParser(maxDepth: 32, naiveZone: null);
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            var parsed = parser.Parse(line, out var reason, out var detail);
            if (parsed is null && detail is null)
            {
                throw new InvalidOperationException($"A line was neither an event nor malformed with a detail ({reason}).");
            }
        }
    }

    /// <summary>
    /// The YAML pre-scan, parse and splice: the text is refused with a <see cref="ConfigStoreException"/>, or it parses and
    /// a set and a remove of a path found in it (or a fixed one) re-parse to exactly the planned change.
    /// </summary>
    public static void Yaml(ReadOnlySpan<byte> data)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return;
        }

        YamlModel model;
        try
        {
            model = YamlModel.Parse(text, "fuzz.yaml", 64);
        }
        catch (ConfigStoreException)
        {
            return;
        }

        var flat = YamlPlanner.Flatten(model, '.', skipDottedKeys: true);
        var path = flat.Keys.FirstOrDefault(k => ConfigPaths.TrySplit(k, out _) is not null) ?? "tasks.timeouts.web_research";
        flat.TryGetValue(path, out var old);
        Plan(model, new ConfigChange { Path = path, OldValue = old, NewValue = 45L });
        if (flat.ContainsKey(path))
        {
            Plan(model, new ConfigChange { Path = path, OldValue = old, NewValue = old ?? 0L, RemoveKey = true });
        }
    }

    /// <summary>The settings binder: a settings document binds and validates, or fails with a typed, named error.</summary>
    public static void Settings(ReadOnlySpan<byte> data)
    {
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(data.ToArray())).Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            return;
        }

        var services = new ServiceCollection();
        services.AddAlphaLearning(options =>
        {
            configuration.GetSection("AlphaLearning").Bind(options);
        });
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<AlphaLearningOptions>>().Value;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // A wrong type or an out-of-range value: the CLI turns these into "bad input" messages.
        }
    }

    /// <summary>
    /// The OTLP JSON parser: every line is a TracesData document that is parsed (spans counted, unusable spans skipped
    /// with a reason) or refused as malformed with a detail, never an exception; the whole input is also tried as one
    /// pretty-printed document.
    /// </summary>
    public static void Otlp(ReadOnlySpan<byte> data)
    {
        var parser = new OtlpDocumentParser(maxDepth: 32);
        var sink = new CheckingSpanSink();
        ParseOtlp(parser, sink, data);
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            ParseOtlp(parser, sink, newline < 0 ? data : data[..newline]);
            data = newline < 0 ? default : data[(newline + 1)..];
        }
    }

    /// <summary>
    /// The JSON config (appsettings.json with comments) parse and splice: the document is refused with a
    /// <see cref="ConfigStoreException"/>, or a set and a remove of a path found in it (or a fixed one) re-parse to
    /// exactly the planned change.
    /// </summary>
    public static void JsonConfig(ReadOnlySpan<byte> data)
    {
        JsonModel model;
        try
        {
            model = JsonModel.Parse(data.ToArray(), "fuzz.json", 64, 64 * 1024);
        }
        catch (ConfigStoreException)
        {
            return;
        }

        var flat = JsonPlanner.FlattenScalars(model);
        var path = flat.Keys.FirstOrDefault(k => ConfigPaths.TrySplit(k, out _) is not null) ?? "Agent:Tasks:Timeouts:web_research";
        flat.TryGetValue(path, out var old);
        PlanJson(model, new ConfigChange { Path = path, OldValue = old, NewValue = 45L });
        if (flat.ContainsKey(path))
        {
            PlanJson(model, new ConfigChange { Path = path, OldValue = old, NewValue = old ?? 0L, RemoveKey = true });
        }
    }

    /// <summary>
    /// The fleet aggregate decoder (an aggregate comes from another instance through the shared store): the bytes are
    /// refused with an <see cref="InvalidDataException"/>, or they decode, encode again to bytes that decode and encode to
    /// the same bytes, and merge with themselves into evidence the pattern rules accept, every count doubled.
    /// </summary>
    public static void Fleet(ReadOnlySpan<byte> data)
    {
        FleetEvidence evidence;
        try
        {
            evidence = FleetEvidenceFormat.Read(data.ToArray(), "the fuzzer");
        }
        catch (InvalidDataException)
        {
            return;
        }

        var bytes = FleetEvidenceFormat.Write(evidence);
        var again = FleetEvidenceFormat.Read(bytes, "the fuzzer's aggregate encoded again");
        if (!FleetEvidenceFormat.Write(again).AsSpan().SequenceEqual(bytes))
        {
            throw new InvalidOperationException("An aggregate encoded, decoded and encoded again changed.");
        }

        var options = new AnalysisOptions();
        var merged = FleetEvidenceMerger.Merge([evidence, again], options);
        foreach (var (key, subject) in evidence.Subjects)
        {
            if (merged.Subjects.TryGetValue(key, out var both) && (both.Count != 2 * subject.Count || both.Durations.Count != 2 * subject.Durations.Count))
            {
                throw new InvalidOperationException($"The merge of an aggregate with itself did not double the counts of {key.Kind} '{key.Name}'.");
            }
        }

        _ = FleetPatterns.Build(merged, options, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>Runs a target by name.</summary>
    public static Action<ReadOnlySpan<byte>>? Find(string name) => name switch
    {
        "jsonl" => JsonLines,
        "yaml" => Yaml,
        "settings" => Settings,
        "otlp" => Otlp,
        "jsonconfig" => JsonConfig,
        "fleet" => Fleet,
        _ => null,
    };

    private static void ParseOtlp(OtlpDocumentParser parser, CheckingSpanSink sink, ReadOnlySpan<byte> document)
    {
        var spans = parser.Parse(document, sink, out var reason, out var detail);
        if (spans < 0 && string.IsNullOrEmpty(detail))
        {
            throw new InvalidOperationException($"A document was refused without a detail ({reason}).");
        }
    }

    private static void PlanJson(JsonModel model, ConfigChange change)
    {
        try
        {
            _ = JsonPlanner.Plan(model, [change], "fuzz.json", 64, 64 * 1024);
        }
        catch (ConfigStoreException)
        {
            // Refused: an unsupported structure, a changed value, or a render that did not verify.
        }
    }

    private static void Plan(YamlModel model, ConfigChange change)
    {
        try
        {
            _ = YamlPlanner.Plan(model, [change], "fuzz.yaml", 64);
        }
        catch (ConfigStoreException)
        {
            // Refused: an unsupported structure, a changed value, or a render that did not verify.
        }
        catch (ArgumentException)
        {
            // A path the planner refuses by contract.
        }
    }
}
