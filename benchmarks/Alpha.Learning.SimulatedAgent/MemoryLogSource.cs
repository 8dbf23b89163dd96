using System.Runtime.CompilerServices;

using Alpha.Learning.Logs;

namespace Alpha.Learning.SimulatedAgent;

/// <summary>The agent's logs, held in memory and served like a log source (time range honoured).</summary>
public sealed class MemoryLogSource : ILogSource
{
    private readonly Lock _lock = new();
    private readonly List<ExecutionEvent> _events = [];

    public void Add(IEnumerable<ExecutionEvent> events)
    {
        lock (_lock)
        {
            _events.AddRange(events);
            _events.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }
    }

    public void RemoveBefore(DateTimeOffset before)
    {
        lock (_lock)
        {
            _events.RemoveAll(e => e.Timestamp < before);
        }
    }

    public async IAsyncEnumerable<ExecutionEvent> ReadAsync(LogQuery query, LogReadStatistics? statistics = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ExecutionEvent[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _events];
        }

        foreach (var e in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inRange = query.Contains(e.Timestamp);
            statistics?.RecordEvent(inRange, custom: false);
            if (inRange)
            {
                yield return e;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
