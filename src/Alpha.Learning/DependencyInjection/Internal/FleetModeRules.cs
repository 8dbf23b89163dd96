using System.Globalization;

using Alpha.Learning.Loop;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>The rules of fleet mode that span several settings (each setting alone is checked with the loop's options).</summary>
internal static class FleetModeRules
{
    /// <summary>Returns a sentence per broken rule, naming the settings.</summary>
    public static IEnumerable<string> Check(AlphaLearningOptions options)
    {
        var loop = options.Loop;
        if (loop.Fleet.Instance is null)
        {
            yield break;
        }

        // An instance reports its evidence when its loop runs a cycle. On a fixed interval the instances run at times of
        // their own, so an instance timeout shorter than the interval would drop live instances between their reports.
        // (Daily, weekly and cron schedules fire on every instance at the same clock time.)
        if (loop.Schedule.Kind == ScheduleKind.Interval && loop.Fleet.InstanceTimeout < loop.Schedule.Interval)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"AlphaLearning:Loop:Fleet:InstanceTimeout ({loop.Fleet.InstanceTimeout}) is shorter than AlphaLearning:Loop:Schedule:Interval ({loop.Schedule.Interval}): each instance reports once per cycle, so live instances would drop out of the merge between their reports. Make the instance timeout at least the interval (for example twice it).");
        }
    }
}
