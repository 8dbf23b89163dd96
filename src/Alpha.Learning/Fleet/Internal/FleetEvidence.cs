namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The mergeable evidence of one instance's logs over one period (or of several instances merged): error templates
/// with their counts and examples, and per task type, tool and model the outcome counts, a duration sketch and the
/// sums of cost and tokens.
/// </summary>
internal sealed class FleetEvidence
{
    /// <summary>Gets or sets the number of events read.</summary>
    public long Events { get; set; }

    /// <summary>Gets the error templates (one per error type, error class and template text).</summary>
    public List<TemplateEvidence> Templates { get; } = [];

    /// <summary>Gets the task types, tools and models, by kind and name.</summary>
    public Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> Subjects { get; } = [];

    /// <summary>Gets this instance's measures of the applied improvements awaiting a verdict, by improvement id (empty in merged evidence: the leader merges them per change).</summary>
    public Dictionary<string, FleetOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the figures the detectors of timeouts, high-cost models, tool chains and successful task types decide on (<see cref="FleetDetail"/>).</summary>
    public FleetDetail Detail { get; set; } = new();

    /// <summary>Gets the subject of a kind and name, creating it while fewer than <paramref name="max"/> subjects are tracked.</summary>
    public SubjectEvidence? GetOrAdd(SubjectKind kind, string name, int max)
    {
        if (Subjects.TryGetValue((kind, name), out var subject))
        {
            return subject;
        }

        if (Subjects.Count >= max)
        {
            return null;
        }

        subject = new SubjectEvidence { Kind = kind, Name = name };
        Subjects.Add((kind, name), subject);
        return subject;
    }
}
