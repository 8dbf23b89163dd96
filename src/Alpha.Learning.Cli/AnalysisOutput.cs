using System.Globalization;
using System.Text.Json;

using Alpha.Learning.Analysis;

namespace Alpha.Learning.Cli;

/// <summary>Patterns and recommendations, as JSON (the contract's shapes) and as tables for people.</summary>
internal static class AnalysisOutput
{
    public static void Patterns(Utf8JsonWriter json, IReadOnlyList<LogPattern> patterns)
    {
        json.WriteStartArray("patterns");
        foreach (var p in patterns)
        {
            json.WriteStartObject();
            json.WriteString("type", EnumNames.ToName(p.Type));
            json.WriteString("fingerprint", p.Fingerprint);
            json.WriteString("subject", p.Subject);
            json.WriteString("key", p.Key);
            json.WriteString("description", p.Description);
            json.WriteNumber("occurrences", p.Occurrences);
            json.WriteNumber("impactScore", Math.Round(p.ImpactScore, 4));
            json.WriteString("firstSeen", p.FirstSeen);
            json.WriteString("lastSeen", p.LastSeen);
            json.WriteStartArray("examples");
            foreach (var example in p.Examples)
            {
                json.WriteStringValue(example);
            }

            json.WriteEndArray();
            json.WriteStartObject("metadata");
            if (!p.Metadata.ContainsKey("subject"))
            {
                json.WriteString("subject", p.Subject);
            }

            foreach (var (name, value) in p.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                json.WritePropertyName(name);
                Value(json, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void Recommendations(Utf8JsonWriter json, IReadOnlyList<ImprovementRecommendation> recommendations, string name = "recommendations")
    {
        json.WriteStartArray(name);
        foreach (var r in recommendations)
        {
            Recommendation(json, r);
        }

        json.WriteEndArray();
    }

    public static void Recommendation(Utf8JsonWriter json, ImprovementRecommendation r)
    {
        json.WriteStartObject();
        json.WriteString("id", r.Id);
        json.WriteString("title", r.Title);
        json.WriteString("priority", EnumNames.ToName(r.Priority));
        json.WriteString("actionType", EnumNames.ToName(r.ActionType));
        json.WriteNumber("confidence", Math.Round(r.Confidence, 4));
        json.WriteString("risk", EnumNames.ToName(r.Risk));
        json.WriteString("patternFingerprint", r.PatternFingerprint);
        json.WriteString("patternType", EnumNames.ToName(r.PatternType));
        json.WriteString("subject", r.Subject);
        json.WriteString("key", r.Key);
        json.WriteString("targetMetric", EnumNames.ToName(r.TargetMetric));
        json.WriteBoolean("advisory", r.IsAdvisory);
        json.WriteString("rationale", r.Rationale);
        if (r.Note is not null)
        {
            json.WriteString("note", r.Note);
        }

        Changes(json, r.Changes);
        json.WriteStartObject("evidence");
        foreach (var (name, value) in r.Evidence.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(name);
            Value(json, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void Changes(Utf8JsonWriter json, IReadOnlyList<ConfigChange> changes) => AlphaLearningJson.WriteChanges(json, "changes", changes);

    /// <summary>Metadata and evidence values; doubles rounded for reading.</summary>
    public static void Value(Utf8JsonWriter json, object? value) =>
        AlphaLearningJson.WriteValue(json, value is double d && double.IsFinite(d) ? Math.Round(d, 6) : value);

    public static string Text(object? value) => value switch
    {
        null => "(unset)",
        string s => Output.Safe(s, 60),
        bool b => b ? "true" : "false",
        double d => Output.Number(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Output.Safe(value.ToString(), 60),
    };

    public static void PatternTable(TextWriter text, IReadOnlyList<LogPattern> patterns, int max = 25)
    {
        text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Patterns ({patterns.Count}):"));
        if (patterns.Count == 0)
        {
            text.WriteLine("  none");
            return;
        }

        text.WriteLine($"  {"type",-22} {"occurrences",11} {"impact",6}  key");
        foreach (var p in patterns.Take(max))
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {EnumNames.ToName(p.Type),-22} {p.Occurrences,11:N0} {p.ImpactScore,6:0.00}  {Output.Safe(p.Key, 70)}"));
        }

        if (patterns.Count > max)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {patterns.Count - max} more (--format json lists all)"));
        }
    }

    public static void RecommendationTable(TextWriter text, IReadOnlyList<ImprovementRecommendation> recommendations, int max = 25)
    {
        text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recommendations ({recommendations.Count}):"));
        if (recommendations.Count == 0)
        {
            text.WriteLine("  none");
            return;
        }

        foreach (var r in recommendations.Take(max))
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [{EnumNames.ToName(r.Priority),-8}] {r.Confidence,4:0.00} {EnumNames.ToName(r.Risk),-5} {EnumNames.ToName(r.ActionType),-14} {Output.Safe(r.Title, 80)}  ({r.Id})"));
            foreach (var c in r.Changes)
            {
                text.WriteLine($"        {Output.Safe(c.Path, Output.SentenceMax)}: {Text(c.OldValue)} -> {Text(c.NewValue)}");
            }

            if (r.IsAdvisory)
            {
                text.WriteLine($"        for a person: {Output.Safe(r.Note ?? r.Rationale, 140)}");
            }
        }

        if (recommendations.Count > max)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {recommendations.Count - max} more (--format json lists all)"));
        }
    }
}
