namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// Links the model and tool calls of each trace to their task through the parent chain, across documents and files:
/// the nearest agent ancestor, else the trace's root (which then becomes a task too). Exporters send a parent after its
/// children, so the spans of a trace wait (<see cref="PendingTrace"/>) until its root arrives; then the trace's events
/// come out in time order and only its parent links are kept (<see cref="ClosedTraceLinks"/>), for a span that arrives
/// after its root. A trace whose root never comes (a remote parent, a cut file) is resolved with the ancestors it has,
/// at the end of the read or, oldest trace first, when more than <c>maxWaitingSpans</c> spans wait. What is held is
/// bounded by those two limits, whatever the size of the files.
/// </summary>
internal sealed class OtlpTraceAssembler
{
    private const int MaxPooledTraces = 64;
    private const int MaxPooledTraceSpans = 1024;

    private readonly int _maxWaitingSpans;
    private readonly Dictionary<(ulong, ulong), PendingTrace> _open = [];
    private readonly Queue<(ulong Hi, ulong Lo, long Sequence)> _openOrder = new();
    private readonly Stack<PendingTrace> _pool = new();
    private readonly ClosedTraceLinks _closed;
    private long _sequence;
    private int _waiting;

    /// <param name="maxWaitingSpans">How many spans may wait for their trace's root before the oldest trace is resolved without it.</param>
    /// <param name="maxClosedSpans">How many spans of closed traces are remembered for late spans.</param>
    public OtlpTraceAssembler(int maxWaitingSpans = 50_000, int maxClosedSpans = 65_536)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWaitingSpans, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClosedSpans, 1);
        _maxWaitingSpans = maxWaitingSpans;
        _closed = new ClosedTraceLinks(maxClosedSpans);
    }

    /// <summary>Gets the number of spans waiting for their trace's root.</summary>
    public int WaitingSpans => _waiting;

    /// <summary>Gets the number of spans of closed traces remembered.</summary>
    public int ClosedSpans => _closed.Count;

    /// <summary>Adds a span; events of traces that are now complete are appended to <paramref name="ready"/>.</summary>
    public void Add(GenAiSpan span, SpanRole role, List<ExecutionEvent> ready)
    {
        var key = (span.TraceHi, span.TraceLo);
        if (!_open.TryGetValue(key, out var trace))
        {
            if (_closed.IsClosed(span.TraceHi, span.TraceLo))
            {
                var start = ready.Count;
                Late(span, role, ready);
                ready.Sort(start, ready.Count - start, EventTimeComparer.Instance);
                return;
            }

            trace = _pool.Count > 0 ? _pool.Pop() : new PendingTrace();
            trace.Open(span.TraceHi, span.TraceLo, ++_sequence);
            _open.Add(key, trace);
            _openOrder.Enqueue((span.TraceHi, span.TraceLo, _sequence));
            TrimOrder();
        }

        var before = trace.Count;
        trace.Add(span, role);
        _waiting += trace.Count - before;
        if (span.ParentSpanId == 0)
        {
            Close(trace, ready);
        }

        while (_waiting > _maxWaitingSpans && Oldest() is { } oldest)
        {
            Close(oldest, ready);
        }
    }

    /// <summary>Resolves every trace still waiting (at the end of the read).</summary>
    public void Flush(List<ExecutionEvent> ready)
    {
        while (Oldest() is { } oldest)
        {
            Close(oldest, ready);
        }
    }

    /// <summary>A span of a trace already closed: linked through the links kept, its events written at once.</summary>
    private void Late(GenAiSpan span, SpanRole role, List<ExecutionEvent> ready)
    {
        ulong hi = span.TraceHi, lo = span.TraceLo, id = span.SpanId, parent = span.ParentSpanId;
        var task = role == SpanRole.Agent || parent == 0 ? id : _closed.TryGetTaskSpan(hi, lo, parent, out var known) ? known : parent;
        _closed.Link(hi, lo, id, task);
        if (role == SpanRole.Agent)
        {
            Deliver(GenAiSpanMapper.Facts(span), GenAiSpanMapper.TaskId(hi, lo, id), ready);
            return;
        }

        if (role == SpanRole.Other)
        {
            if (parent == 0)
            {
                _closed.AddPendingRoot(hi, lo, id, GenAiSpanMapper.Facts(span));
            }

            return;
        }

        var taskId = GenAiSpanMapper.TaskId(hi, lo, task);
        if (parent == 0)
        {
            // A call that is a root is its own task.
            Deliver(GenAiSpanMapper.Facts(span), taskId, ready);
        }
        else if (_closed.TakePendingRoot(hi, lo, task, out var root))
        {
            Deliver(root, taskId, ready);
        }

        ready.Add(role == SpanRole.Llm ? GenAiSpanMapper.Llm(span, taskId) : GenAiSpanMapper.Tool(span, taskId));
    }

    private static void Deliver(in TaskFacts facts, string taskId, List<ExecutionEvent> ready)
    {
        ready.Add(GenAiSpanMapper.TaskStart(facts, taskId));
        ready.Add(GenAiSpanMapper.TaskEnd(facts, taskId));
    }

    private void Close(PendingTrace trace, List<ExecutionEvent> ready)
    {
        _open.Remove((trace.TraceHi, trace.TraceLo));
        _waiting -= trace.Count;
        var start = ready.Count;
        trace.Resolve(ready);
        ready.Sort(start, ready.Count - start, EventTimeComparer.Instance);
        trace.Export(_closed);
        var reusable = trace.Count <= MaxPooledTraceSpans;
        trace.Clear();
        if (reusable && _pool.Count < MaxPooledTraces)
        {
            _pool.Push(trace);
        }
    }

    /// <summary>The trace opened first among those still open.</summary>
    private PendingTrace? Oldest()
    {
        while (_openOrder.TryDequeue(out var entry))
        {
            if (_open.TryGetValue((entry.Hi, entry.Lo), out var trace) && trace.Sequence == entry.Sequence)
            {
                return trace;
            }
        }

        return null;
    }

    /// <summary>Drops the entries of traces already closed from the opening order, so that it stays as small as the open set.</summary>
    private void TrimOrder()
    {
        while (_openOrder.TryPeek(out var head) && !IsOpen(head))
        {
            _openOrder.Dequeue();
        }

        if (_openOrder.Count > (2 * _open.Count) + 1024)
        {
            var live = _openOrder.Where(IsOpen).ToList();
            _openOrder.Clear();
            foreach (var entry in live)
            {
                _openOrder.Enqueue(entry);
            }
        }
    }

    private bool IsOpen((ulong Hi, ulong Lo, long Sequence) entry) =>
        _open.TryGetValue((entry.Hi, entry.Lo), out var trace) && trace.Sequence == entry.Sequence;

    private sealed class EventTimeComparer : IComparer<ExecutionEvent>
    {
        public static readonly EventTimeComparer Instance = new();

        public int Compare(ExecutionEvent? x, ExecutionEvent? y)
        {
            var byTime = x!.Timestamp.CompareTo(y!.Timestamp);
            if (byTime != 0)
            {
                return byTime;
            }

            // At the same instant: a task starts before its calls, which come before its end.
            return Rank(x.Kind).CompareTo(Rank(y.Kind));
        }

        private static int Rank(ExecutionEventKind kind) => kind switch
        {
            ExecutionEventKind.TaskStart => 0,
            ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError => 2,
            _ => 1,
        };
    }
}
