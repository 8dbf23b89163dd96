namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>What the GenAI mapping does with a span.</summary>
internal enum SpanRole : byte
{
    /// <summary>Not a GenAI span: it only links its children to their task.</summary>
    Other = 0,

    /// <summary><c>invoke_agent</c>, <c>invoke_workflow</c> or a dialect's agent span: a task.</summary>
    Agent = 1,

    /// <summary>A model call: chat, generate_content, text_completion, embeddings.</summary>
    Llm = 2,

    /// <summary><c>execute_tool</c>: a tool call.</summary>
    Tool = 3,
}
