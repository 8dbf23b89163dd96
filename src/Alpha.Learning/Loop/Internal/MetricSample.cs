namespace Alpha.Learning.Loop.Internal;

/// <summary>A sample of one metric: a rate (bad of total) or values (durations, costs) kept in a bounded reservoir.</summary>
internal sealed class MetricSample
{
    public const int ReservoirSize = 2000;
    private readonly Random _random;
    private readonly List<double> _values = [];

    public MetricSample(bool isRate, int seed)
    {
        IsRate = isRate;
        _random = new Random(seed);
    }

    public bool IsRate { get; }

    public long Bad { get; private set; }

    public long Total { get; private set; }

    public IReadOnlyList<double> Values => _values;

    public void AddOutcome(bool bad)
    {
        Total++;
        if (bad)
        {
            Bad++;
        }
    }

    public void AddValue(double value)
    {
        Total++;
        if (_values.Count < ReservoirSize)
        {
            _values.Add(value);
        }
        else
        {
            // Algorithm R: every value seen has the same chance to be kept.
            var slot = _random.NextInt64(Total);
            if (slot < ReservoirSize)
            {
                _values[(int)slot] = value;
            }
        }
    }

    /// <summary>Replaces this sample's figures with another's (used to restore a stored baseline).</summary>
    public void CopyFrom(MetricSample other)
    {
        Bad = other.Bad;
        Total = other.Total;
        _values.Clear();
        _values.AddRange(other._values);
    }

    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", IsRate ? "rate" : "values");
            json.WriteNumber("bad", Bad);
            json.WriteNumber("total", Total);
            json.WriteStartArray("values");
            foreach (var v in _values)
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static MetricSample FromJson(string text)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        var root = doc.RootElement;
        var sample = new MetricSample(root.GetProperty("kind").GetString() == "rate", 0)
        {
            Bad = root.GetProperty("bad").GetInt64(),
            Total = root.GetProperty("total").GetInt64(),
        };
        foreach (var v in root.GetProperty("values").EnumerateArray())
        {
            sample._values.Add(v.GetDouble());
        }

        return sample;
    }
}
