using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Alpha.Learning.Loop.Internal;

/// <summary>The library's <see cref="Meter"/> and <see cref="ActivitySource"/>, both named <c>Alpha.Learning</c>.</summary>
internal static class Telemetry
{
    public const string Name = "Alpha.Learning";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Cycles = Meter.CreateCounter<long>("alpha_learning.cycles", description: "Feedback-loop cycles run, by status.");

    public static readonly Counter<long> Patterns = Meter.CreateCounter<long>("alpha_learning.patterns", description: "Patterns detected.");

    public static readonly Counter<long> Applied = Meter.CreateCounter<long>("alpha_learning.improvements.applied", description: "Improvements applied.");

    public static readonly Counter<long> RolledBack = Meter.CreateCounter<long>("alpha_learning.improvements.rolled_back", description: "Improvements rolled back after a regression.");

    public static readonly Counter<long> Pending = Meter.CreateCounter<long>("alpha_learning.improvements.pending", description: "Recommendations queued for approval.");
}
