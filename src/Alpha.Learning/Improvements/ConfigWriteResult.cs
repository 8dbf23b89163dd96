namespace Alpha.Learning.Improvements;

/// <summary>What <see cref="IConfigStore.ApplyAsync"/> did.</summary>
public enum ConfigWriteStatus
{
    /// <summary>The new content was written.</summary>
    Applied = 0,

    /// <summary>Nothing was written: the configuration changed since the plan was made (compare-and-swap failed). Plan again.</summary>
    Conflict = 1,

    /// <summary>Nothing was written: the plan changes nothing.</summary>
    NoChange = 2,
}

/// <summary>The outcome of writing a <see cref="ConfigEditPlan"/>.</summary>
public sealed class ConfigWriteResult
{
    /// <summary>Gets what happened.</summary>
    public required ConfigWriteStatus Status { get; init; }

    /// <summary>Gets the version of the configuration after the call (the new one when applied, the one found otherwise).</summary>
    public required string Version { get; init; }

    /// <summary>Gets a sentence for people saying what happened.</summary>
    public required string Message { get; init; }
}
