using System.Buffers;
using System.Text.Json;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The outcomes of the task runs in one window and scope: how many ran, how many succeeded, and a bounded sample of
/// their cost and end-to-end duration.
/// </summary>
internal sealed class ScopeOutcomes(int seed)
{
    public long Tasks { get; private set; }

    public long Successes { get; private set; }

    public MetricSample Costs { get; } = new(false, seed);

    public MetricSample Durations { get; } = new(false, seed + 1);

    public double SuccessRate => Tasks == 0 ? 0 : Successes / (double)Tasks;

    public double MeanCost => Costs.Values.Count == 0 ? 0 : Costs.Values.Average();

    public double MeanDuration => Durations.Values.Count == 0 ? 0 : Durations.Values.Average();

    public void Add(in TaskOutcome outcome)
    {
        Tasks++;
        if (outcome.Success)
        {
            Successes++;
        }

        Costs.AddValue(outcome.Cost);
        Durations.AddValue(outcome.Duration);
    }

    /// <summary>Outcomes with the given figures (read back from an aggregate).</summary>
    public static ScopeOutcomes Restore(long tasks, long successes, MetricSample costs, MetricSample durations)
    {
        var outcomes = new ScopeOutcomes(0) { Tasks = tasks, Successes = successes };
        outcomes.Costs.CopyFrom(costs);
        outcomes.Durations.CopyFrom(durations);
        return outcomes;
    }

    /// <summary>Replaces these figures with <paramref name="other"/>'s.</summary>
    public void ReplaceWith(ScopeOutcomes other)
    {
        Tasks = other.Tasks;
        Successes = other.Successes;
        Costs.CopyFrom(other.Costs);
        Durations.CopyFrom(other.Durations);
    }

    /// <summary>The outcomes of the union of the parts' task runs: counts add exactly, the samples merge as <see cref="MetricSample.Merge"/> does.</summary>
    public static ScopeOutcomes Merge(IReadOnlyList<ScopeOutcomes> parts, int seed)
    {
        var merged = new ScopeOutcomes(seed);
        foreach (var part in parts)
        {
            merged.Tasks += part.Tasks;
            merged.Successes += part.Successes;
        }

        merged.Costs.CopyFrom(MetricSample.Merge([.. parts.Select(p => p.Costs)], false, seed));
        merged.Durations.CopyFrom(MetricSample.Merge([.. parts.Select(p => p.Durations)], false, seed + 1));
        return merged;
    }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("tasks", Tasks);
            json.WriteNumber("successes", Successes);
            json.WriteString("costs", Costs.ToJson());
            json.WriteString("durations", Durations.ToJson());
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static ScopeOutcomes? FromJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (!root.TryGetProperty("tasks", out var tasks))
            {
                return null; // a baseline stored by an earlier version (a single metric)
            }

            var outcomes = new ScopeOutcomes(0) { Tasks = tasks.GetInt64(), Successes = root.GetProperty("successes").GetInt64() };
            outcomes.Costs.CopyFrom(MetricSample.FromJson(root.GetProperty("costs").GetString()!));
            outcomes.Durations.CopyFrom(MetricSample.FromJson(root.GetProperty("durations").GetString()!));
            return outcomes;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
