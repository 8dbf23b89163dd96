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

    /// <summary>A sample with the given figures (read back from an aggregate).</summary>
    public static MetricSample Restore(bool isRate, long bad, long total, IEnumerable<double> values)
    {
        var sample = new MetricSample(isRate, 0) { Bad = bad, Total = total };
        sample._values.AddRange(values);
        return sample;
    }

    /// <summary>
    /// A sample of the union of the parts' populations: totals and bad counts add exactly; when all the values fit in the
    /// reservoir they are all kept, otherwise each part gives a share of the reservoir proportional to its population
    /// (largest remainder), drawn at random (seeded) from its own uniform sample, so the result stays a uniform sample.
    /// </summary>
    public static MetricSample Merge(IReadOnlyList<MetricSample> parts, bool isRate, int seed)
    {
        var merged = new MetricSample(isRate, seed);
        long kept = 0;
        foreach (var part in parts)
        {
            merged.Bad += part.Bad;
            merged.Total += part.Total;
            kept += part._values.Count;
        }

        if (kept <= ReservoirSize && parts.All(p => p._values.Count == p.Total))
        {
            foreach (var part in parts)
            {
                merged._values.AddRange(part._values);
            }

            return merged;
        }

        var size = (int)Math.Min(ReservoirSize, kept);
        var shares = new int[parts.Count];
        var remainders = new double[parts.Count];
        var given = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var exact = merged.Total == 0 ? 0 : size * (double)parts[i].Total / merged.Total;
            shares[i] = Math.Min(parts[i]._values.Count, (int)exact);
            remainders[i] = exact - shares[i];
            given += shares[i];
        }

        foreach (var i in Enumerable.Range(0, parts.Count).OrderByDescending(i => remainders[i]))
        {
            if (given >= size)
            {
                break;
            }

            if (shares[i] < parts[i]._values.Count)
            {
                shares[i]++;
                given++;
            }
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var values = parts[i]._values.ToArray();
            merged._random.Shuffle(values);
            merged._values.AddRange(values.AsSpan(0, shares[i]));
        }

        return merged;
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
