using System.Runtime.CompilerServices;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

/// <summary>An in-memory <see cref="ILogSource"/> that applies the query's time range and counts what it delivers.</summary>
internal sealed class InMemoryLogSource(IEnumerable<ExecutionEvent> events) : ILogSource
{
    private readonly List<ExecutionEvent> _events = [.. events];

    public int Reads { get; private set; }

    public async IAsyncEnumerable<ExecutionEvent> ReadAsync(LogQuery query, LogReadStatistics? statistics = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Reads++;
        await Task.Yield();
        foreach (var e in _events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inRange = query.Contains(e.Timestamp);
            statistics?.RecordEvent(inRange, e.Kind == ExecutionEventKind.Custom);
            if (inRange)
            {
                yield return e;
            }
        }
    }
}
