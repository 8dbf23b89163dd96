using System.Runtime.InteropServices;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Per-task state joined by task id, bounded in count and in staleness (event time): the least recently seen task is
/// dropped past <c>capacity</c>, and tasks unseen for longer than <c>staleAfter</c> are dropped as later events arrive.
/// Amortised O(1) per touch; no allocation for a task already open, and none for a new task once as many tasks have
/// closed as are open: the entries (and their state, cleared by <c>reset</c>) of closed and dropped tasks are reused,
/// so no more state objects are ever made than the most tasks open at once (at most <c>capacity</c> + 1).
/// </summary>
internal sealed class OpenTaskTable<T>(int capacity, TimeSpan staleAfter, Func<T> create, Action<T> reset)
    where T : class
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private Entry? _head; // least recently seen
    private Entry? _tail; // most recently seen
    private Entry? _free; // closed entries kept for reuse, linked through Next

    public int Count => _entries.Count;

    /// <summary>Gets the number of tasks dropped for capacity or staleness.</summary>
    public long Dropped { get; private set; }

    /// <summary>Returns the state of <paramref name="taskId"/>, creating (or reusing cleared) state when missing, and marks it seen at <paramref name="now"/>.</summary>
    public T Touch(string taskId, DateTimeOffset now)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, taskId, out var exists);
        Entry entry;
        if (exists)
        {
            entry = slot!;
            entry.LastSeen = now;
            MoveToTail(entry);
        }
        else
        {
            entry = Rent(taskId);
            entry.LastSeen = now;
            slot = entry;
            Append(entry);
        }

        EvictStale(now);
        return entry.Value;
    }

    /// <summary>
    /// Returns the state of <paramref name="taskId"/> and closes the task, or <see langword="null"/> when not open. The
    /// state is reused for a later task: read it before the next <see cref="Touch"/>.
    /// </summary>
    public T? Remove(string taskId)
    {
        if (!_entries.Remove(taskId, out var entry))
        {
            return null;
        }

        Unlink(entry);
        Return(entry);
        return entry.Value;
    }

    private Entry Rent(string taskId)
    {
        if (_free is { } entry)
        {
            _free = entry.Next;
            entry.Next = null;
            entry.Key = taskId;
            reset(entry.Value);
            return entry;
        }

        return new Entry(taskId, create());
    }

    private void Return(Entry entry)
    {
        // The state is cleared when rented again, so a removed task's state stays readable until then.
        entry.Key = string.Empty;
        entry.Next = _free;
        _free = entry;
    }

    private void EvictStale(DateTimeOffset now)
    {
        var limit = now - staleAfter;
        while (_head is { } head && (_entries.Count > capacity || head.LastSeen < limit))
        {
            _entries.Remove(head.Key);
            Unlink(head);
            Return(head);
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
        public string Key { get; set; } = key;

        public T Value { get; } = value;

        public DateTimeOffset LastSeen { get; set; }

        public Entry? Previous { get; set; }

        public Entry? Next { get; set; }
    }
}
