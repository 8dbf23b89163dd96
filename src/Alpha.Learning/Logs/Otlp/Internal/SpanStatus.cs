namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>The status of a span, as OTLP spells it (0 unset, 1 ok, 2 error).</summary>
internal enum SpanStatus : byte
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
