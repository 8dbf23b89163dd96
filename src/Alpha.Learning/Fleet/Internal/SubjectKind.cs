namespace Alpha.Learning.Fleet.Internal;

/// <summary>What a <see cref="SubjectEvidence"/> is about.</summary>
internal enum SubjectKind : byte
{
    /// <summary>A task type (<c>task_name</c>): its runs, their durations and outcomes.</summary>
    Task = 1,

    /// <summary>A tool (<c>tool_name</c>): its calls, their durations and outcomes.</summary>
    Tool = 2,

    /// <summary>A model: its calls, their durations, cost and tokens.</summary>
    Model = 3,
}
