using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// The spans of one trace that wait for its root: the parent of every span, what the task events of its agent spans
/// (and its root) need, and the calls whose task is not known yet. Resolved once, when the trace is closed; then it hands
/// its parent links to <see cref="ClosedTraceLinks"/> and is cleared for reuse (<see cref="OtlpTraceAssembler"/> pools it).
/// </summary>
internal sealed class PendingTrace
{
    /// <summary>How far up a parent chain is followed (a cycle in a malformed file ends there).</summary>
    private const int MaxDepth = 1024;

    private readonly Dictionary<ulong, Node> _nodes = [];
    private readonly Dictionary<ulong, TaskFacts> _tasks = [];
    private readonly List<Call> _calls = [];

    public ulong TraceHi { get; private set; }

    public ulong TraceLo { get; private set; }

    /// <summary>Gets when the trace was opened (tells a reopened trace from a stale entry of the same id).</summary>
    public long Sequence { get; private set; }

    /// <summary>Gets the number of spans held.</summary>
    public int Count => _nodes.Count;

    public void Open(ulong traceHi, ulong traceLo, long sequence)
    {
        TraceHi = traceHi;
        TraceLo = traceLo;
        Sequence = sequence;
    }

    public void Clear()
    {
        _nodes.Clear();
        _tasks.Clear();
        _calls.Clear();
    }

    public void Add(GenAiSpan span, SpanRole role)
    {
        _nodes[span.SpanId] = new Node { Parent = span.ParentSpanId, Role = role };

        // Agent spans always make a task; a root may (when a call has no agent above it).
        if (role == SpanRole.Agent || span.ParentSpanId == 0)
        {
            _tasks[span.SpanId] = GenAiSpanMapper.Facts(span);
        }

        if (role is SpanRole.Llm or SpanRole.Tool)
        {
            // The task is not known yet: the event is made without it and copied with it at the close.
            _calls.Add(new Call(span.SpanId, role == SpanRole.Llm ? GenAiSpanMapper.Llm(span, null) : GenAiSpanMapper.Tool(span, null)));
        }
    }

    /// <summary>Writes every agent's task events and every call, linked to its task; a root that calls were linked to is written as a task too.</summary>
    public void Resolve(List<ExecutionEvent> ready)
    {
        foreach (var (id, facts) in _tasks)
        {
            if (_nodes[id].Role == SpanRole.Agent)
            {
                Deliver(id, facts, ready);
            }
        }

        foreach (var call in _calls)
        {
            var task = TaskSpanOf(call.Span);
            ref var node = ref CollectionsMarshal.GetValueRefOrNullRef(_nodes, task);
            string taskId;
            if (!Unsafe.IsNullRef(ref node) && _tasks.TryGetValue(task, out var facts))
            {
                if (!node.Delivered)
                {
                    Deliver(task, facts, ready);
                }

                taskId = node.TaskId!;
            }
            else
            {
                // An ancestor that is not here (a remote parent, a span of a file not read): it stands for the task, with no task events.
                taskId = GenAiSpanMapper.TaskId(TraceHi, TraceLo, task);
            }

            ready.Add(WithTask(call.Event, taskId));
        }
    }

    /// <summary>Hands every span's task to <paramref name="closed"/>, and the root's task facts when no call used them.</summary>
    public void Export(ClosedTraceLinks closed)
    {
        foreach (var id in _nodes.Keys)
        {
            closed.Link(TraceHi, TraceLo, id, TaskSpanOf(id));
        }

        foreach (var (id, facts) in _tasks)
        {
            var node = _nodes[id];
            if (!node.Delivered && node.Parent == 0)
            {
                closed.AddPendingRoot(TraceHi, TraceLo, id, facts);
            }
        }
    }

    /// <summary>
    /// The span whose task a span's calls belong to: an agent span is its own; else its nearest agent ancestor's, else
    /// the top-most ancestor here if that is a root, else the first ancestor missing (a remote parent).
    /// </summary>
    private ulong TaskSpanOf(ulong spanId)
    {
        var current = spanId;
        ulong task;
        var steps = 0;
        while (true)
        {
            ref var node = ref CollectionsMarshal.GetValueRefOrNullRef(_nodes, current);
            if (node.Resolved)
            {
                task = node.TaskSpan;
                break;
            }

            if (node.Role == SpanRole.Agent || node.Parent == 0)
            {
                task = current;
                break;
            }

            if (++steps > MaxDepth || !_nodes.ContainsKey(node.Parent))
            {
                task = node.Parent;
                break;
            }

            current = node.Parent;
        }

        // Remember the answer along the path, so each span is walked once.
        current = spanId;
        for (var i = 0; i <= steps; i++)
        {
            ref var node = ref CollectionsMarshal.GetValueRefOrNullRef(_nodes, current);
            if (Unsafe.IsNullRef(ref node) || node.Resolved)
            {
                break;
            }

            node.Resolved = true;
            node.TaskSpan = task;
            current = node.Parent;
        }

        return task;
    }

    private void Deliver(ulong id, in TaskFacts facts, List<ExecutionEvent> ready)
    {
        ref var node = ref CollectionsMarshal.GetValueRefOrNullRef(_nodes, id);
        node.TaskId ??= GenAiSpanMapper.TaskId(TraceHi, TraceLo, id);
        ready.Add(GenAiSpanMapper.TaskStart(facts, node.TaskId));
        ready.Add(GenAiSpanMapper.TaskEnd(facts, node.TaskId));
        node.Delivered = true;
    }

    /// <summary>A copy of a call's event with its task.</summary>
    internal static ExecutionEvent WithTask(ExecutionEvent e, string taskId) => new()
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
        public ulong TaskSpan;
        public string? TaskId;
        public SpanRole Role;
        public bool Resolved;
        public bool Delivered;
    }

    private readonly record struct Call(ulong Span, ExecutionEvent Event);
}
