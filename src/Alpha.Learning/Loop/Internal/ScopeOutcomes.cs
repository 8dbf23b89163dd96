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
