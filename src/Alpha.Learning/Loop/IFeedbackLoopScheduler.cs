namespace Alpha.Learning.Loop;

/// <summary>
/// Decides when the feedback loop runs a cycle. The default is built from <see cref="FeedbackLoopSchedule"/>;
/// a host may supply its own (for example one driven by its job system).
/// </summary>
/// <remarks>
/// The loop asks for the next run after each cycle ends, from the time it ends: a cycle never overlaps the next,
/// and runs missed while the process was paused or a cycle ran long collapse into one run.
/// </remarks>
public interface IFeedbackLoopScheduler
{
    /// <summary>Gets a description for people, for example <c>daily at 02:00 (Europe/Berlin)</c>.</summary>
    string Description { get; }

    /// <summary>Returns the next instant strictly after <paramref name="after"/> at which a cycle should run.</summary>
    /// <param name="after">The instant to look after (the end of the last cycle, or the start of the loop).</param>
    /// <returns>The next run, or <see langword="null"/> when no run is scheduled.</returns>
    DateTimeOffset? GetNextRun(DateTimeOffset after);
}
