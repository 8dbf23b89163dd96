namespace Alpha.Learning.Loop;

/// <summary>
/// How much the feedback loop may do on its own. Serialised as <c>manual</c>, <c>semi_auto</c>, <c>full_auto</c>.
/// </summary>
public enum FeedbackLoopMode
{
    /// <summary><c>manual</c>: every recommendation with a change waits for a person's approval.</summary>
    Manual = 0,

    /// <summary><c>semi_auto</c>: safe recommendations at or above the confidence threshold are applied; risky ones wait for approval.</summary>
    SemiAuto = 1,

    /// <summary><c>full_auto</c>: every valid recommendation at or above the confidence threshold is applied.</summary>
    FullAuto = 2,
}
