namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// What is kept of the traces already closed, so that a span arriving after its trace's root (a late child, another
/// service's part of the trace) still links to its task: for each span, the span whose task it belongs to, and a root's
/// task facts while no call has used them. Plain values in a few dictionaries, no object per span or trace, the oldest
/// links forgotten first past <c>capacity</c> spans: memory stays small and flat whatever the size of the files.
/// </summary>
internal sealed class ClosedTraceLinks(int capacity)
{
    private readonly Dictionary<(ulong, ulong, ulong), ulong> _links = [];
    private readonly Dictionary<(ulong, ulong), int> _traces = [];
    private readonly Dictionary<(ulong, ulong, ulong), TaskFacts> _pendingRoots = [];
    private (ulong, ulong, ulong)[] _ring = new (ulong, ulong, ulong)[Math.Min(capacity, 1024)];
    private int _head;
    private int _count;

    /// <summary>Gets the number of spans remembered.</summary>
    public int Count => _count;

    /// <summary>Returns whether spans of the trace are remembered (it was closed and not forgotten).</summary>
    public bool IsClosed(ulong traceHi, ulong traceLo) => _traces.ContainsKey((traceHi, traceLo));

    /// <summary>Returns the span whose task the calls under <paramref name="spanId"/> belong to, if that span is remembered.</summary>
    public bool TryGetTaskSpan(ulong traceHi, ulong traceLo, ulong spanId, out ulong taskSpan) => _links.TryGetValue((traceHi, traceLo, spanId), out taskSpan);

    /// <summary>Remembers a span's task; the oldest span is forgotten when there are more than <c>capacity</c>.</summary>
    public void Link(ulong traceHi, ulong traceLo, ulong spanId, ulong taskSpan)
    {
        var key = (traceHi, traceLo, spanId);
        ref var link = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_links, key, out var exists);
        link = taskSpan;
        if (exists)
        {
            return;
        }

        ref var traceSpans = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_traces, (traceHi, traceLo), out _);
        traceSpans++;
        if (_count == _ring.Length)
        {
            if (_ring.Length < capacity)
            {
                Grow();
            }
            else
            {
                ForgetOldest();
            }
        }

        _ring[(_head + _count) % _ring.Length] = key;
        _count++;
    }

    /// <summary>Keeps a closed trace's root task facts (a remembered span), for a late call that links to it.</summary>
    public void AddPendingRoot(ulong traceHi, ulong traceLo, ulong spanId, in TaskFacts facts)
    {
        if (_links.ContainsKey((traceHi, traceLo, spanId)))
        {
            _pendingRoots[(traceHi, traceLo, spanId)] = facts;
        }
    }

    /// <summary>Takes a root's task facts, so that its task events are written once.</summary>
    public bool TakePendingRoot(ulong traceHi, ulong traceLo, ulong spanId, out TaskFacts facts) => _pendingRoots.Remove((traceHi, traceLo, spanId), out facts);

    private void Grow()
    {
        var ring = new (ulong, ulong, ulong)[Math.Min(capacity, _ring.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            ring[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = ring;
        _head = 0;
    }

    private void ForgetOldest()
    {
        var key = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        _count--;
        _links.Remove(key);
        _pendingRoots.Remove(key);
        var trace = (key.Item1, key.Item2);
        ref var traceSpans = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_traces, trace);
        if (--traceSpans == 0)
        {
            _traces.Remove(trace);
        }
    }
}
