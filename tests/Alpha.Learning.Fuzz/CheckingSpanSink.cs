using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Otlp.Internal;

namespace Alpha.Learning.Fuzz;

/// <summary>A span sink for the OTLP target: a skipped span must say why.</summary>
internal sealed class CheckingSpanSink : ISpanSink
{
    public void Span(GenAiSpan span, SpanRole role)
    {
    }

    public void Skipped(MalformedReason reason, string detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            throw new InvalidOperationException($"A span was skipped without a detail ({reason}).");
        }
    }
}
