namespace Alpha.Learning.Improvements;

/// <summary>
/// Whether a recorded configuration change applied an improvement or reverted it. Serialised as
/// <c>applied</c> and <c>rolled_back</c>.
/// </summary>
public enum PathChangeKind
{
    /// <summary><c>applied</c>: the change of an improvement being applied.</summary>
    Applied = 0,

    /// <summary><c>rolled_back</c>: the inverse change of an improvement being rolled back.</summary>
    RolledBack = 1,
}
