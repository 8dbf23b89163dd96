namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Per-task state joined by task id, bounded in count and in staleness (event time): the least recently seen task is
/// dropped past <c>capacity</c>, and tasks unseen for longer than <c>staleAfter</c> are dropped as later events arrive.
/// Amortised O(1) per touch; no allocation for a task already open.
/// </summary>
internal sealed class OpenTaskTable<T>(int capacity, TimeSpan staleAfter, Func<T> create)
    where T : class
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Entry? _head; // least recently seen
    private Entry? _tail; // most recently seen

    public int Count => _entries.Count;

    /// <summary>Gets the number of tasks dropped for capacity or staleness.</summary>
    public long Dropped { get; private set; }

    /// <summary>Returns the state of <paramref name="taskId"/>, creating it when missing, and marks it seen at <paramref name="now"/>.</summary>
    public T Touch(string taskId, DateTimeOffset now)
    {
        if (_entries.TryGetValue(taskId, out var entry))
        {
            entry.LastSeen = now;
            MoveToTail(entry);
        }
        else
        {
            entry = new Entry(taskId, create()) { LastSeen = now };
            _entries.Add(taskId, entry);
            Append(entry);
        }

        EvictStale(now);
        return entry.Value;
    }

    /// <summary>Returns the state of <paramref name="taskId"/> and removes it, or <see langword="null"/> when not open.</summary>
    public T? Remove(string taskId)
    {
        if (!_entries.Remove(taskId, out var entry))
        {
            return null;
        }

        Unlink(entry);
        return entry.Value;
    }

    private void EvictStale(DateTimeOffset now)
    {
        var limit = now - staleAfter;
        while (_head is { } head && (_entries.Count > capacity || head.LastSeen < limit))
        {
            _entries.Remove(head.Key);
            Unlink(head);
            Dropped++;
        }
    }

    private void Append(Entry entry)
    {
        entry.Previous = _tail;
        entry.Next = null;
        if (_tail is not null)
        {
            _tail.Next = entry;
        }

        _tail = entry;
        _head ??= entry;
    }

    private void Unlink(Entry entry)
    {
        if (entry.Previous is not null)
        {
            entry.Previous.Next = entry.Next;
        }
        else
        {
            _head = entry.Next;
        }

        if (entry.Next is not null)
        {
            entry.Next.Previous = entry.Previous;
        }
        else
        {
            _tail = entry.Previous;
        }

        entry.Previous = null;
        entry.Next = null;
    }

    private void MoveToTail(Entry entry)
    {
        if (ReferenceEquals(entry, _tail))
        {
            return;
        }

        Unlink(entry);
        Append(entry);
    }

    private sealed class Entry(string key, T value)
    {
        public string Key { get; } = key;

        public T Value { get; } = value;

        public DateTimeOffset LastSeen { get; set; }

        public Entry? Previous { get; set; }

        public Entry? Next { get; set; }
    }
}
