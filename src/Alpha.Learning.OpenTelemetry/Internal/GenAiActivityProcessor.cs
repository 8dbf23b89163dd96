using System.Diagnostics;
using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Otlp.Internal;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>
/// Turns finished GenAI activities into execution events on the host's thread (a few allocations, no I/O) and hands
/// them to the <see cref="EventWriter"/>. Tool and model calls are linked to their task through the parent chain: the
/// nearest <c>invoke_agent</c> / <c>invoke_workflow</c> ancestor, else the local root, which then becomes a task too.
/// </summary>
internal sealed class GenAiActivityProcessor : BaseProcessor<Activity>
{
    /// <summary>Set on a local root that tool or model calls were linked to, so that its end writes the task's events.</summary>
    private const string RootTaskProperty = "Alpha.Learning.RootTask";

    [ThreadStatic]
    private static GenAiSpan? t_span;

    private readonly SourceFilter _sources;
    private readonly EventWriter _writer;
    private readonly ILogger _logger;

    public GenAiActivityProcessor(AlphaLearningExporterOptions options, SourceFilter sources, ILoggerFactory? loggerFactory)
    {
        _sources = sources;
        _logger = loggerFactory?.CreateLogger("Alpha.Learning.OpenTelemetry") ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _writer = new EventWriter(options, _logger);
    }

    /// <summary>Gets the writer (for its counters).</summary>
    public EventWriter Writer => _writer;

    public override void OnEnd(Activity data)
    {
        try
        {
            Map(data);
        }
        catch (Exception ex)
        {
            // Never into the host: a bug in the mapping costs one activity, counted and logged.
            _writer.CountMappingFailure(ex);
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => _writer.Flush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => _writer.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Shutdown(5000);
        }

        base.Dispose(disposing);
    }

    private void Map(Activity activity)
    {
        var isLinkedRoot = activity.Parent is null && activity.GetCustomProperty(RootTaskProperty) is not null;
        if (!isLinkedRoot && !_sources.Matches(activity.Source.Name))
        {
            return;
        }

        var span = t_span ??= new GenAiSpan();
        ActivitySpanReader.ReadTags(activity, span);
        var role = GenAiSpanMapper.Classify(span);
        if (role == SpanRole.Other && !isLinkedRoot)
        {
            return;
        }

        ActivitySpanReader.ReadSpan(activity, span);
        if (role == SpanRole.Agent || isLinkedRoot)
        {
            var taskId = ActivitySpanReader.TaskId(activity);
            var taskName = GenAiSpanMapper.TaskName(span);
            _writer.Enqueue(GenAiSpanMapper.TaskStart(span, taskId, taskName));
            _writer.Enqueue(GenAiSpanMapper.TaskEnd(span, taskId, taskName));
            if (role == SpanRole.Agent)
            {
                return;
            }
        }

        if (role == SpanRole.Other)
        {
            return;
        }

        if (GenAiSpanMapper.Unusable(span, role) is { } why)
        {
            _writer.CountUnusable(why);
            return;
        }

        var task = TaskOf(activity);
        var call = role == SpanRole.Llm ? GenAiSpanMapper.Llm(span, task) : GenAiSpanMapper.Tool(span, task);
        if (activity.Parent is null)
        {
            // A call with no local parent is its trace's root, and so its own task.
            var taskName = GenAiSpanMapper.TaskName(span);
            _writer.Enqueue(GenAiSpanMapper.TaskStart(span, task, taskName));
            _writer.Enqueue(call);
            _writer.Enqueue(GenAiSpanMapper.TaskEnd(span, task, taskName));
            return;
        }

        _writer.Enqueue(call);
    }

    /// <summary>The task a call belongs to: the nearest agent ancestor, else the local root (marked so its end writes the task).</summary>
    private static string TaskOf(Activity activity)
    {
        var top = activity;
        for (var ancestor = activity.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.GetTagItem("gen_ai.operation.name") is string operation && GenAiSpanMapper.OperationRole(operation) == SpanRole.Agent)
            {
                return ActivitySpanReader.TaskId(ancestor);
            }

            top = ancestor;
        }

        if (top != activity)
        {
            top.SetCustomProperty(RootTaskProperty, RootTaskProperty);
        }

        return ActivitySpanReader.TaskId(top);
    }
}
