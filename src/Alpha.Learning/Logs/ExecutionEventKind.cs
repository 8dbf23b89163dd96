namespace Alpha.Learning.Logs;

/// <summary>
/// The kind of an <see cref="ExecutionEvent"/>, taken from the <c>event</c> field of a log line.
/// </summary>
public enum ExecutionEventKind
{
    /// <summary>An event whose <c>event</c> name is none of the known ones; see <see cref="ExecutionEvent.EventName"/>.</summary>
    Custom = 0,

    /// <summary><c>task_start</c>: a task began.</summary>
    TaskStart = 1,

    /// <summary><c>task_complete</c>: a task ended successfully.</summary>
    TaskComplete = 2,

    /// <summary><c>task_error</c>: a task ended with an error.</summary>
    TaskError = 3,

    /// <summary><c>tool_execution</c>: a tool was called.</summary>
    ToolExecution = 4,

    /// <summary><c>llm_interaction</c>: a language model was called.</summary>
    LlmInteraction = 5,
}
