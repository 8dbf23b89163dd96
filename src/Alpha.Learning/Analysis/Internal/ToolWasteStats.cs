namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What <c>inefficient_tool_chain</c> knows of one tool: its calls, the calls that repeated an earlier call of the same
/// task with the same parameters, the unchanged retries of failed calls, when such waste was seen, the task types that
/// used the tool and a few examples. Mergeable, so a fleet's merged evidence is decided by the same rule as one analysis
/// (<see cref="InefficientToolChainDetector.Patterns"/>).
/// </summary>
internal sealed class ToolWasteStats
{
    /// <summary>Gets the tool's index in the tool-name table its chains refer to.</summary>
    public int Id { get; init; }

    public long Calls { get; set; }

    public long Redundant { get; set; }

    public long RetryLoops { get; set; }

    public Occurrence Waste { get; } = new();

    public List<string> TaskTypes { get; } = [];

    public List<string> Examples { get; } = [];

    /// <summary>Adds another part's figures of the same tool.</summary>
    public void Merge(ToolWasteStats other, int maxExamples, int maxNames)
    {
        Calls += other.Calls;
        Redundant += other.Redundant;
        RetryLoops += other.RetryLoops;
        Waste.Merge(other.Waste);
        foreach (var task in other.TaskTypes)
        {
            DetectorSupport.AddDistinct(TaskTypes, task, maxNames);
        }

        DetectorSupport.AddUpTo(Examples, other.Examples, maxExamples);
    }
}
