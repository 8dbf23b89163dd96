namespace Alpha.Learning.Fleet.Internal;

/// <summary>One error template of one instance (or of the merged fleet): how often it occurred, when, and a few examples.</summary>
internal sealed class TemplateEvidence
{
    public required string ErrorType { get; init; }

    public required bool Transient { get; init; }

    /// <summary>Gets or sets the template text, with <c>&lt;*&gt;</c> for variable parts.</summary>
    public required string Text { get; set; }

    public long Count { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    public List<string> Examples { get; } = [];

    public List<string> Tasks { get; } = [];

    public List<string> Tools { get; } = [];

    /// <summary>Counts one occurrence at <paramref name="at"/>.</summary>
    public void Add(DateTimeOffset at)
    {
        if (Count == 0 || at < FirstSeen)
        {
            FirstSeen = at;
        }

        if (Count == 0 || at > LastSeen)
        {
            LastSeen = at;
        }

        Count++;
    }

    /// <summary>Adds another template's occurrences (same error type and class) to this one.</summary>
    public void Merge(TemplateEvidence other, int maxExamples, int maxNames)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0 || other.FirstSeen < FirstSeen)
        {
            FirstSeen = other.FirstSeen;
        }

        if (Count == 0 || other.LastSeen > LastSeen)
        {
            LastSeen = other.LastSeen;
        }

        Count += other.Count;
        Analysis.Internal.DetectorSupport.AddUpTo(Examples, other.Examples, maxExamples);

        foreach (var task in other.Tasks)
        {
            Analysis.Internal.DetectorSupport.AddDistinct(Tasks, task, maxNames);
        }

        foreach (var tool in other.Tools)
        {
            Analysis.Internal.DetectorSupport.AddDistinct(Tools, tool, maxNames);
        }
    }
}
