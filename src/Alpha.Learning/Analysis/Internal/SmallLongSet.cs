namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// A set of <see cref="long"/> for the few values a task usually holds: the first <see cref="InlineCapacity"/> in an
/// array searched linearly, the rest in a <see cref="HashSet{T}"/> made only when needed. Enumerates in insertion
/// order (as a <see cref="HashSet{T}"/> without removals does). <see cref="Clear"/> keeps the storage for reuse.
/// </summary>
internal sealed class SmallLongSet
{
    public const int InlineCapacity = 8;
    private const int MaxRetainedOverflow = 64;

    private readonly long[] _inline = new long[InlineCapacity];
    private int _inlineCount;
    private HashSet<long>? _overflow;

    public int Count => _inlineCount + (_overflow?.Count ?? 0);

    public bool Contains(long value)
    {
        foreach (var item in _inline.AsSpan(0, _inlineCount))
        {
            if (item == value)
            {
                return true;
            }
        }

        return _overflow is { Count: > 0 } overflow && overflow.Contains(value);
    }

    /// <summary>Adds <paramref name="value"/>; returns <see langword="false"/> when it was there already.</summary>
    public bool Add(long value)
    {
        if (Contains(value))
        {
            return false;
        }

        if (_inlineCount < InlineCapacity)
        {
            _inline[_inlineCount++] = value;
            return true;
        }

        (_overflow ??= []).Add(value);
        return true;
    }

    public void Clear()
    {
        _inlineCount = 0;
        if (_overflow is { } overflow)
        {
            // A set grown by one busy task is not kept for all later ones (Clear alone keeps its capacity).
            if (overflow.Count > MaxRetainedOverflow)
            {
                _overflow = null;
            }
            else
            {
                overflow.Clear();
            }
        }
    }

    public Enumerator GetEnumerator() => new(this);

    public struct Enumerator(SmallLongSet set)
    {
        private int _index = -1;
        private HashSet<long>.Enumerator _overflow;
        private bool _inOverflow;

        public long Current { get; private set; }

        public bool MoveNext()
        {
            if (!_inOverflow)
            {
                if (++_index < set._inlineCount)
                {
                    Current = set._inline[_index];
                    return true;
                }

                if (set._overflow is not { Count: > 0 } overflow)
                {
                    return false;
                }

                _overflow = overflow.GetEnumerator();
                _inOverflow = true;
            }

            if (_overflow.MoveNext())
            {
                Current = _overflow.Current;
                return true;
            }

            return false;
        }
    }
}
