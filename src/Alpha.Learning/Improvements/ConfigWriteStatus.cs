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
