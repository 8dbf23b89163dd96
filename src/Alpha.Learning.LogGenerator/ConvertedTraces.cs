namespace Alpha.Learning.LogGenerator;

/// <summary>What <see cref="OtlpTraceConverter"/> wrote.</summary>
public sealed class ConvertedTraces
{
    /// <summary>Gets the number of tasks written as traces (one <c>invoke_agent</c> span each).</summary>
    public required long Tasks { get; init; }

    /// <summary>Gets the number of spans written.</summary>
    public required long Spans { get; init; }

    /// <summary>Gets the number of OTLP JSON documents (lines) written.</summary>
    public required long Documents { get; init; }

    /// <summary>Gets the number of events that have no span form (custom events, calls outside any task, tasks never ended).</summary>
    public required long Skipped { get; init; }
}
