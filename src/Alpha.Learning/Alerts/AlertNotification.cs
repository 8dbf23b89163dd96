namespace Alpha.Learning.Alerts;

/// <summary>Why an <see cref="Alert"/> is sent. Serialised as <c>raised</c>, <c>worsened</c>, <c>reminder</c>, <c>resolved</c>.</summary>
public enum AlertNotification
{
    /// <summary><c>raised</c>: the finding is new (or back after it was resolved).</summary>
    Raised = 0,

    /// <summary><c>worsened</c>: the finding is still there and its severity or effect grew.</summary>
    Worsened = 1,

    /// <summary><c>reminder</c>: the finding is still there and the quiet period has passed since it was last sent.</summary>
    Reminder = 2,

    /// <summary><c>resolved</c>: the finding is gone.</summary>
    Resolved = 3,
}
