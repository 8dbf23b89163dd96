namespace Alpha.Learning.Alerts;

/// <summary>Whether an alert's finding is still there. Serialised as <c>firing</c> and <c>resolved</c>.</summary>
public enum AlertStatus
{
    /// <summary><c>firing</c>: the finding was there at the last check.</summary>
    Firing = 0,

    /// <summary><c>resolved</c>: the finding was gone at a later check.</summary>
    Resolved = 1,
}
