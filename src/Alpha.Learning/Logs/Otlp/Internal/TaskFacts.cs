namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// What a task's start and end events need from its agent (or root) span: kept, instead of the events themselves, while
/// a trace waits for its root, and for a closed trace's root in case a late call still links to it.
/// </summary>
internal readonly record struct TaskFacts
{
    public string TaskName { get; init; }

    public long StartUnixNanos { get; init; }

    public long EndUnixNanos { get; init; }

    public bool Failed { get; init; }

    public string? Error { get; init; }

    public string? ErrorType { get; init; }

    public string? Traceback { get; init; }
}
