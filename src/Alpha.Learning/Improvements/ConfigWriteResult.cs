namespace Alpha.Learning.Improvements;

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
