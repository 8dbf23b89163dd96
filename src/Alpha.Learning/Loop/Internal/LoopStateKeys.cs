namespace Alpha.Learning.Loop.Internal;

/// <summary>The names the loop uses in the learning store: its lease, its state keys and its correlation type.</summary>
internal static class LoopStateKeys
{
    /// <summary>The lease that keeps two cycles from running at once.</summary>
    public const string Lease = "feedback-loop-cycle";

    /// <summary>Holds <c>manual</c> while the loop is dropped to Manual mode by repeated rollbacks.</summary>
    public const string ModeOverride = "loop.mode_override";

    /// <summary>The number of automatic rollbacks in a row.</summary>
    public const string ConsecutiveRollbacks = "loop.consecutive_auto_rollbacks";

    /// <summary>The correlation type of verified effects per pattern type and action type.</summary>
    public const string CorrelationType = "pattern_action_effect";
}
