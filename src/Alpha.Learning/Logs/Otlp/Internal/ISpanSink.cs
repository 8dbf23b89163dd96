namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>Receives the spans of a document, one at a time, in a <see cref="GenAiSpan"/> reused between calls.</summary>
internal interface ISpanSink
{
    /// <summary>A usable span.</summary>
    void Span(GenAiSpan span, SpanRole role);

    /// <summary>A span that cannot be used, and why.</summary>
    void Skipped(MalformedReason reason, string detail);
}
