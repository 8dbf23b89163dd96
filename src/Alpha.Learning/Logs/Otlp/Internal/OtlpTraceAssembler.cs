namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// Links the model and tool calls of each trace to their task through the parent chain, across documents and files:
/// the nearest agent ancestor, else the trace's root (which then becomes a task too). Spans of a trace wait until its
/// root arrives (exporters send a parent after its children); then the trace's events come out in time order. A trace
/// whose root never comes (a remote parent, a cut file) is resolved with the ancestors it has, at the end of the read
/// or when the spans waiting pass the limit, oldest trace first: memory stays bounded whatever the size of the files.
/// </summary>
internal sealed class OtlpTraceAssembler(int maxWaitingSpans = 200_000, int maxClosedTraces = 4096)
{
    private readonly Dictionary<(ulong, ulong), Trace> _open = [];
    private readonly LinkedList<(ulong, ulong)> _openOrder = new();
    private readonly Dictionary<(ulong, ulong), Trace> _closed = [];
    private readonly Queue<(ulong, ulong)> _closedOrder = new();
    private int _waiting;

    /// <summary>Adds a span; events of traces that are now complete are appended to <paramref name="ready"/>.</summary>
    public void Add(GenAiSpan span, SpanRole role, List<ExecutionEvent> ready)
    {
        var traceKey = (span.TraceHi, span.TraceLo);
        if (_closed.TryGetValue(traceKey, out var closed))
        {
            // A late span of a trace already delivered: link it with what is known, deliver it alone.
            var late = new List<ExecutionEvent>(3);
            closed.Add(span, role);
            closed.Resolve(late);
            ready.AddRange(late);
            return;
        }

        if (!_open.TryGetValue(traceKey, out var trace))
        {
            trace = new Trace(span.TraceHi, span.TraceLo, _openOrder.AddLast(traceKey));
            _open.Add(traceKey, trace);
        }

        trace.Add(span, role);
        _waiting++;
        if (span.ParentSpanId == 0)
        {
            Close(traceKey, trace, ready);
        }

        while (_waiting > maxWaitingSpans && _openOrder.First is { } oldest)
        {
            Close(oldest.Value, _open[oldest.Value], ready);
        }
    }

    /// <summary>Resolves every trace still waiting (at the end of the read).</summary>
    public void Flush(List<ExecutionEvent> ready)
    {
        while (_openOrder.First is { } oldest)
        {
            Close(oldest.Value, _open[oldest.Value], ready);
        }
    }

    private void Close((ulong, ulong) key, Trace trace, List<ExecutionEvent> ready)
    {
        _open.Remove(key);
        _openOrder.Remove(trace.Order);
        _waiting -= trace.Count;
        var start = ready.Count;
        trace.Resolve(ready);
        ready.Sort(start, ready.Count - start, EventTimeComparer.Instance);
        _closed[key] = trace;
        _closedOrder.Enqueue(key);
        if (_closedOrder.Count > maxClosedTraces)
        {
            _closed.Remove(_closedOrder.Dequeue());
        }
    }

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

    /// <summary>The spans of one trace: parents of every span, the tasks' events, the calls waiting for their task.</summary>
    private sealed class Trace(ulong traceHi, ulong traceLo, LinkedListNode<(ulong, ulong)> order)
    {
        private readonly Dictionary<ulong, Node> _nodes = [];
        private readonly List<Call> _calls = [];

        public LinkedListNode<(ulong, ulong)> Order { get; } = order;

        public int Count => _nodes.Count;

        public void Add(GenAiSpan span, SpanRole role)
        {
            ref var node = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_nodes, span.SpanId, out _);
            node = new Node { Parent = span.ParentSpanId, Role = role };

            // Agent spans always make a task; a root may (when a call has no agent above it): keep its events ready.
            if (role == SpanRole.Agent || span.ParentSpanId == 0)
            {
                var taskId = GenAiSpanMapper.TaskId(traceHi, traceLo, span.SpanId);
                var taskName = GenAiSpanMapper.TaskName(span);
                node.TaskId = taskId;
                node.TaskStart = GenAiSpanMapper.TaskStart(span, taskId, taskName);
                node.TaskEnd = GenAiSpanMapper.TaskEnd(span, taskId, taskName);
            }

            if (role is SpanRole.Llm or SpanRole.Tool)
            {
                _calls.Add(new Call { Span = span.SpanId, Parent = span.ParentSpanId, Event = role == SpanRole.Llm ? GenAiSpanMapper.Llm(span, null) : GenAiSpanMapper.Tool(span, null) });
            }
        }

        /// <summary>Writes the events of the tasks and calls not delivered yet.</summary>
        public void Resolve(List<ExecutionEvent> ready)
        {
            foreach (var (id, node) in _nodes)
            {
                if (node.Role == SpanRole.Agent && !node.Delivered)
                {
                    Deliver(id, ready);
                }
            }

            for (var i = 0; i < _calls.Count; i++)
            {
                var call = _calls[i];
                if (call.Delivered)
                {
                    continue;
                }

                var task = TaskFor(call.Span, call.Parent, ready);
                ready.Add(WithTask(call.Event, task));
                _calls[i] = call with { Delivered = true };
            }
        }

        /// <summary>The nearest agent ancestor's task id; else the top-most known ancestor (a root), whose task is delivered too.</summary>
        private string TaskFor(ulong spanId, ulong parent, List<ExecutionEvent> ready)
        {
            var top = spanId;
            var current = parent;
            var steps = 0;
            while (current != 0 && _nodes.TryGetValue(current, out var node) && steps++ < 1024)
            {
                if (node.Role == SpanRole.Agent)
                {
                    return node.TaskId!;
                }

                top = current;
                current = node.Parent;
            }

            ref var root = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_nodes, top);
            if (root.TaskId is null)
            {
                // The top-most known span is not a root (its parent is elsewhere): it stands for the task, with no task events.
                return GenAiSpanMapper.TaskId(traceHi, traceLo, top);
            }

            if (!root.Delivered)
            {
                Deliver(top, ready);
            }

            return root.TaskId;
        }

        private void Deliver(ulong id, List<ExecutionEvent> ready)
        {
            ref var node = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_nodes, id);
            ready.Add(node.TaskStart!);
            ready.Add(node.TaskEnd!);
            node.Delivered = true;
        }

        private static ExecutionEvent WithTask(ExecutionEvent e, string taskId) => new()
        {
            Kind = e.Kind,
            EventName = e.EventName,
            Timestamp = e.Timestamp,
            TaskId = taskId,
            Duration = e.Duration,
            Error = e.Error,
            ToolName = e.ToolName,
            Parameters = e.Parameters,
            Success = e.Success,
            Provider = e.Provider,
            Model = e.Model,
            PromptTokens = e.PromptTokens,
            CompletionTokens = e.CompletionTokens,
            TotalTokens = e.TotalTokens,
            CacheReadTokens = e.CacheReadTokens,
            EstimatedCost = e.EstimatedCost,
        };

        private struct Node
        {
            public ulong Parent;
            public SpanRole Role;
            public bool Delivered;
            public string? TaskId;
            public ExecutionEvent? TaskStart;
            public ExecutionEvent? TaskEnd;
        }

        private readonly record struct Call
        {
            public ulong Span { get; init; }

            public ulong Parent { get; init; }

            public ExecutionEvent Event { get; init; }

            public bool Delivered { get; init; }
        }
    }
}
