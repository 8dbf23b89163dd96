using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Otlp.Internal;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>
/// Turns a finished GenAI activity into execution events, on the writer thread (the host's thread only queued it):
/// an agent span (or a local root that calls were linked to) becomes a task start and end; a model or tool call
/// becomes its event, linked to the task chosen on the host's thread; a call that is its trace's root is its own task.
/// </summary>
/// <remarks>Not thread-safe: one per writer (it reuses one span buffer).</remarks>
internal sealed class ActivityEventMapper
{
    private readonly GenAiSpan _span = new();

    /// <summary>Maps <paramref name="pending"/> and passes each event to <paramref name="emit"/>; returns why a call span was unusable, or <see langword="null"/>.</summary>
    public string? Map(in PendingActivity pending, Action<ExecutionEvent> emit)
    {
        var activity = pending.Activity;
        var span = _span;
        ActivitySpanReader.ReadTags(activity, span);
        var role = pending.Role;
        ActivitySpanReader.ReadSpan(activity, span);
        if (role == SpanRole.Agent || pending.IsLinkedRoot)
        {
            var taskId = ActivitySpanReader.TaskId(activity);
            var taskName = GenAiSpanMapper.TaskName(span);
            emit(GenAiSpanMapper.TaskStart(span, taskId, taskName));
            emit(GenAiSpanMapper.TaskEnd(span, taskId, taskName));
            if (role == SpanRole.Agent)
            {
                return null;
            }
        }

        if (role == SpanRole.Other)
        {
            return null;
        }

        if (GenAiSpanMapper.Unusable(span, role) is { } why)
        {
            return why;
        }

        var task = ActivitySpanReader.TaskId(pending.Task ?? activity);
        var call = role == SpanRole.Llm ? GenAiSpanMapper.Llm(span, task) : GenAiSpanMapper.Tool(span, task);
        if (activity.Parent is null)
        {
            // A call with no local parent is its trace's root, and so its own task.
            var taskName = GenAiSpanMapper.TaskName(span);
            emit(GenAiSpanMapper.TaskStart(span, task, taskName));
            emit(call);
            emit(GenAiSpanMapper.TaskEnd(span, task, taskName));
            return null;
        }

        emit(call);
        return null;
    }
}
