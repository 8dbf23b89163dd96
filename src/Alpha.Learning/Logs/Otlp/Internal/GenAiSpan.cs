namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// One span as the GenAI mapping sees it: ids, times, status, the exception event and the attributes it knows
/// (<see cref="GenAiKey"/>). Filled by the OTLP JSON reader or by the in-process exporter from an activity, and
/// reused span after span (<see cref="Reset"/>).
/// </summary>
internal sealed class GenAiSpan
{
    private static readonly int KeyCount = Enum.GetValues<GenAiKey>().Length;

    private readonly string?[] _text = new string?[KeyCount];
    private readonly double[] _number = new double[KeyCount];
    private ulong _set; // one bit a key that holds a value

    public GenAiSpan()
    {
        Array.Fill(_number, double.NaN);
    }

    public string? Name { get; set; }

    public ulong TraceHi { get; set; }

    public ulong TraceLo { get; set; }

    public ulong SpanId { get; set; }

    /// <summary>Gets or sets the parent's span id; 0 for a root span.</summary>
    public ulong ParentSpanId { get; set; }

    public long StartUnixNanos { get; set; } = -1;

    public long EndUnixNanos { get; set; } = -1;

    public SpanStatus Status { get; set; }

    public string? StatusMessage { get; set; }

    public string? ExceptionType { get; set; }

    public string? ExceptionMessage { get; set; }

    public string? ExceptionStacktrace { get; set; }

    public bool HasAttributes => _set != 0;

    public void Reset()
    {
        if (_set != 0)
        {
            Array.Clear(_text);
            Array.Fill(_number, double.NaN);
            _set = 0;
        }

        Name = null;
        TraceHi = TraceLo = SpanId = ParentSpanId = 0;
        StartUnixNanos = EndUnixNanos = -1;
        Status = SpanStatus.Unset;
        StatusMessage = ExceptionType = ExceptionMessage = ExceptionStacktrace = null;
    }

    public void SetText(GenAiKey key, string value)
    {
        _text[(int)key] = value;
        _set |= 1UL << (int)key;
    }

    public void SetNumber(GenAiKey key, double value)
    {
        _number[(int)key] = value;
        _set |= 1UL << (int)key;
    }

    public string? Text(GenAiKey key) => _text[(int)key];

    /// <summary>Returns a number attribute (or a numeric string one); NaN when absent.</summary>
    public double Number(GenAiKey key)
    {
        var value = _number[(int)key];
        if (double.IsNaN(value) && _text[(int)key] is { } text
            && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return value;
    }
}
