using System.Diagnostics;

using Alpha.Learning.Logs.Otlp.Internal;

using Microsoft.Extensions.Logging;

using OpenTelemetry;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>
/// Queues finished GenAI activities for the <see cref="EventWriter"/>, which maps them to execution events and writes
/// them on its own thread. On the host's thread only what cannot wait is done: the source filter, the role (from up to
/// four attributes, no allocation) and, for a model or tool call, the walk up the parent chain to its task (the nearest
/// <c>invoke_agent</c> / <c>invoke_workflow</c> ancestor, else the local root, which is marked so that its own end,
/// which comes later, writes the task's events).
/// </summary>
internal sealed class GenAiActivityProcessor : BaseProcessor<Activity>
{
    /// <summary>Set on a local root that tool or model calls were linked to, so that its end writes the task's events.</summary>
    private const string RootTaskProperty = "Alpha.Learning.RootTask";

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
            _writer.Dispose();
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

        var role = RoleOf(activity);
        if (role == SpanRole.Other && !isLinkedRoot)
        {
            return;
        }

        var task = role is SpanRole.Llm or SpanRole.Tool && activity.Parent is not null ? TaskOf(activity) : null;
        _writer.Enqueue(new PendingActivity(activity, role, task, isLinkedRoot));
    }

    /// <summary>The role of an activity, from the same attributes (and rules) as <see cref="GenAiSpanMapper.Classify(GenAiSpan)"/>.</summary>
    private static SpanRole RoleOf(Activity activity)
    {
        if (Text(activity, "gen_ai.operation.name") is { } operation && GenAiSpanMapper.OperationRole(operation) is var role && role != SpanRole.Other)
        {
            return role;
        }

        return GenAiSpanMapper.Classify(null, Text(activity, "openinference.span.kind"), Text(activity, "traceloop.span.kind"), Text(activity, "llm.request.type") is not null);
    }

    /// <summary>An attribute as <see cref="ActivitySpanReader.ReadTags"/> reads text: numbers are not text.</summary>
    private static string? Text(Activity activity, string key) => activity.GetTagItem(key) switch
    {
        null => null,
        string text => text,
        int or long or short or byte or uint or ulong or ushort or sbyte or double or float or decimal => null,
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The activity whose span is a call's task: the nearest agent ancestor, else the local root (marked so its end writes the task).</summary>
    private static Activity TaskOf(Activity activity)
    {
        var top = activity;
        for (var ancestor = activity.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.GetTagItem("gen_ai.operation.name") is string operation && GenAiSpanMapper.OperationRole(operation) == SpanRole.Agent)
            {
                return ancestor;
            }

            top = ancestor;
        }

        if (top != activity)
        {
            top.SetCustomProperty(RootTaskProperty, RootTaskProperty);
        }

        return top;
    }
}
