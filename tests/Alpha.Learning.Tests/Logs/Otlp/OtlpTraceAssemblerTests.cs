using Alpha.Learning.Logs;
using Alpha.Learning.Logs.Otlp.Internal;

namespace Alpha.Learning.Tests.Logs.Otlp;

/// <summary>
/// How the OTLP source links calls to tasks while holding only what it must: spans wait for their trace's root (children
/// end first), a closed trace leaves only its parent links for spans that come late, and both are bounded.
/// </summary>
public sealed class OtlpTraceAssemblerTests
{
    private const ulong Trace = 0xA1;

    [Fact]
    public void Add_ChildrenBeforeAgentRoot_LinksCallsAndHoldsNothingAfterTheRoot()
    {
        var assembler = new OtlpTraceAssembler();
        var ready = new List<ExecutionEvent>();

        Add(assembler, ready, Span(Trace, 2, parent: 1, second: 1), SpanRole.Llm);
        Add(assembler, ready, Span(Trace, 3, parent: 1, second: 2), SpanRole.Tool);
        ready.Should().BeEmpty("the calls wait for their task");
        assembler.WaitingSpans.Should().Be(2);
        Add(assembler, ready, Span(Trace, 1, parent: 0, second: 3), SpanRole.Agent);

        ready.Select(e => e.Kind).Should().Equal(ExecutionEventKind.TaskStart, ExecutionEventKind.LlmInteraction, ExecutionEventKind.ToolExecution, ExecutionEventKind.TaskComplete);
        ready.Should().OnlyContain(e => e.TaskId == TaskId(Trace, 1));
        assembler.WaitingSpans.Should().Be(0);
    }

    [Fact]
    public void Add_LateCallUnderAClosedTrace_IsLinkedToTheAgentThroughTheKeptLinks()
    {
        var assembler = new OtlpTraceAssembler();
        var ready = new List<ExecutionEvent>();
        Add(assembler, ready, Span(Trace, 3, parent: 2, second: 2), SpanRole.Other); // a function-invocation span under the agent
        Add(assembler, ready, Span(Trace, 2, parent: 1, second: 3), SpanRole.Agent);
        Add(assembler, ready, Span(Trace, 1, parent: 0, second: 4), SpanRole.Other); // an HTTP request span: the root
        ready.Clear();

        Add(assembler, ready, Span(Trace, 4, parent: 3, second: 5), SpanRole.Tool);

        ready.Should().ContainSingle().Which.Should().Match<ExecutionEvent>(e => e.Kind == ExecutionEventKind.ToolExecution && e.TaskId == TaskId(Trace, 2));
        assembler.WaitingSpans.Should().Be(0, "a late span is written at once");
    }

    [Fact]
    public void Add_LateCallsUnderARootWithoutAgent_WriteTheRootTaskOnce()
    {
        var assembler = new OtlpTraceAssembler();
        var ready = new List<ExecutionEvent>();
        Add(assembler, ready, Span(Trace, 1, parent: 0, second: 10), SpanRole.Other);
        ready.Should().BeEmpty("a root no call used is no task");

        Add(assembler, ready, Span(Trace, 2, parent: 1, second: 4), SpanRole.Llm);
        Add(assembler, ready, Span(Trace, 3, parent: 1, second: 6), SpanRole.Llm);

        ready.Count(e => e.Kind == ExecutionEventKind.TaskStart).Should().Be(1);
        ready.Count(e => e.Kind == ExecutionEventKind.TaskComplete).Should().Be(1);
        ready.Where(e => e.Kind == ExecutionEventKind.LlmInteraction).Should().HaveCount(2).And.OnlyContain(e => e.TaskId == TaskId(Trace, 1));
    }

    [Fact]
    public void Add_MoreWaitingSpansThanTheLimit_ResolvesTheOldestTraceWithTheAncestorsItHas()
    {
        var assembler = new OtlpTraceAssembler(maxWaitingSpans: 3);
        var ready = new List<ExecutionEvent>();
        Add(assembler, ready, Span(0xB1, 2, parent: 1, second: 1), SpanRole.Tool); // its agent (span 1) comes much later
        for (ulong trace = 0xC0; trace < 0xC8; trace++)
        {
            Add(assembler, ready, Span(trace, 2, parent: 1, second: 2), SpanRole.Llm);
            assembler.WaitingSpans.Should().BeLessThanOrEqualTo(3);
        }

        var early = ready.Should().ContainSingle(e => e.Kind == ExecutionEventKind.ToolExecution).Subject;
        early.TaskId.Should().Be(TaskId(0xB1, 1), "the missing parent stands for the task");
        ready.Clear();

        Add(assembler, ready, Span(0xB1, 1, parent: 0, second: 3), SpanRole.Agent);

        ready.Should().HaveCount(2).And.OnlyContain(e => e.TaskId == TaskId(0xB1, 1), "the agent, late, is the same task");
    }

    [Fact]
    public void Add_ManyTraces_KeepsAtMostTheLinkCapacityAndNothingWaiting()
    {
        var assembler = new OtlpTraceAssembler(maxClosedSpans: 100);
        var ready = new List<ExecutionEvent>();
        for (ulong trace = 1; trace <= 10_000; trace++)
        {
            Add(assembler, ready, Span(trace, 2, parent: 1, second: 1), SpanRole.Llm);
            Add(assembler, ready, Span(trace, 1, parent: 0, second: 2), SpanRole.Agent);
            assembler.WaitingSpans.Should().Be(0);
        }

        assembler.ClosedSpans.Should().Be(100);
        ready.Should().HaveCount(30_000);
        ready.Where(e => e.Kind == ExecutionEventKind.LlmInteraction).Should().OnlyContain(e => e.TaskId!.EndsWith("-0000000000000001", StringComparison.Ordinal));
    }

    [Fact]
    public void Flush_TraceWithoutRoot_WritesItsCallsUnderTheMissingParent()
    {
        var assembler = new OtlpTraceAssembler();
        var ready = new List<ExecutionEvent>();
        Add(assembler, ready, Span(Trace, 5, parent: 9, second: 1), SpanRole.Tool); // its parent is in another service's file

        assembler.Flush(ready);

        ready.Should().ContainSingle().Which.TaskId.Should().Be(TaskId(Trace, 9));
        assembler.WaitingSpans.Should().Be(0);
    }

    private static void Add(OtlpTraceAssembler assembler, List<ExecutionEvent> ready, GenAiSpan span, SpanRole role) => assembler.Add(span, role, ready);

    private static string TaskId(ulong trace, ulong span) => GenAiSpanMapper.TaskId(0, trace, span);

    private static GenAiSpan Span(ulong trace, ulong id, ulong parent, int second)
    {
        var span = new GenAiSpan
        {
            TraceLo = trace,
            SpanId = id,
            ParentSpanId = parent,
            Name = "span " + id,
            StartUnixNanos = 1_700_000_000_000_000_000, // every span starts at once; they end in the order given
            EndUnixNanos = 1_700_000_000_000_000_000 + (second * 1_000_000_000L),
        };
        span.SetText(GenAiKey.ResponseModel, "gpt-4o");
        span.SetText(GenAiKey.ToolName, "search");
        span.SetText(GenAiKey.AgentName, "agent");
        return span;
    }
}
