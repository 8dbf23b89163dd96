using System.Runtime.CompilerServices;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Loop.Internal;

/// <summary>A log source that passes another's events through and notes the earliest timestamp among them.</summary>
internal sealed class EarliestEventTap(ILogSource inner) : ILogSource
{
    /// <summary>Gets the earliest timestamp of the events read so far, or <see langword="null"/> when none were.</summary>
    public DateTimeOffset? Earliest { get; private set; }

    public async IAsyncEnumerable<ExecutionEvent> ReadAsync(LogQuery query, LogReadStatistics? statistics = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in inner.ReadAsync(query, statistics, cancellationToken).ConfigureAwait(false))
        {
            if (Earliest is not { } earliest || e.Timestamp < earliest)
            {
                Earliest = e.Timestamp;
            }

            yield return e;
        }
    }
}
