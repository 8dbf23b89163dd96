using System.Runtime.CompilerServices;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Loop;

/// <summary>Events held in memory, served like a log source (time range honoured).</summary>
internal sealed class ListLogSource : ILogSource
{
    private readonly Lock _lock = new();
    private readonly List<ExecutionEvent> _events = [];

    public void Add(IEnumerable<ExecutionEvent> events)
    {
        lock (_lock)
        {
            _events.AddRange(events);
        }
    }

    /// <summary>Drops the events older than <paramref name="before"/> (keeps a long simulation's reads small).</summary>
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
            snapshot = [.. _events.OrderBy(e => e.Timestamp)];
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

        await Task.CompletedTask;
    }
}
