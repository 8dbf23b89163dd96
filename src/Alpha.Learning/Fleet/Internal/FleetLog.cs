using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Fleet.Internal;

internal static partial class FleetLog
{
    [LoggerMessage(EventId = EventIds.Loop.FleetReported, Level = LogLevel.Information, Message = "Fleet instance {Instance} reported {Events} events: {Templates} error templates, {Subjects} task types, tools and models.")]
    public static partial void Reported(ILogger logger, string instance, long events, int templates, int subjects);

    [LoggerMessage(EventId = EventIds.Loop.FleetMerged, Level = LogLevel.Information, Message = "Merged the evidence of {Instances} fleet instances ({Events} events).")]
    public static partial void Merged(ILogger logger, int instances, long events);

    [LoggerMessage(EventId = EventIds.Loop.FleetUnreadable, Level = LogLevel.Warning, Message = "The aggregate of fleet instance {Instance} was left out of the merge: {Reason}")]
    public static partial void Unreadable(ILogger logger, string instance, string reason);
}
