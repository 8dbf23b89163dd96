using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Logs.Otlp.Internal;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>Copies what the GenAI mapping reads from a finished activity into a <see cref="GenAiSpan"/>.</summary>
internal static class ActivitySpanReader
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    /// <summary>Reads the attributes only (enough to classify the activity).</summary>
    public static void ReadTags(Activity activity, GenAiSpan span)
    {
        span.Reset();
        foreach (ref readonly var tag in activity.EnumerateTagObjects())
        {
            var key = GenAiKeys.Lookup(tag.Key);
            if (key == GenAiKey.None)
            {
                continue;
            }

            switch (tag.Value)
            {
                case string text:
                    span.SetText(key, text);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte or double or float or decimal:
                    span.SetNumber(key, Convert.ToDouble(tag.Value, CultureInfo.InvariantCulture));
                    break;
                case null:
                    break;
                default:
                    span.SetText(key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>Reads the rest: name, ids, times, status and the exception event.</summary>
    public static void ReadSpan(Activity activity, GenAiSpan span)
    {
        span.Name = activity.DisplayName;
        Span<byte> id = stackalloc byte[16];
        activity.TraceId.CopyTo(id);
        span.TraceHi = BinaryPrimitives.ReadUInt64BigEndian(id);
        span.TraceLo = BinaryPrimitives.ReadUInt64BigEndian(id[8..]);
        span.SpanId = SpanIdValue(activity.SpanId);
        span.ParentSpanId = activity.ParentSpanId == default ? 0 : SpanIdValue(activity.ParentSpanId);
        var startTicks = activity.StartTimeUtc.Ticks - UnixEpochTicks;
        span.StartUnixNanos = startTicks * 100;
        span.EndUnixNanos = (startTicks + activity.Duration.Ticks) * 100;
        span.Status = activity.Status switch
        {
            ActivityStatusCode.Error => SpanStatus.Error,
            ActivityStatusCode.Ok => SpanStatus.Ok,
            _ => SpanStatus.Unset,
        };
        span.StatusMessage = activity.StatusDescription;
        foreach (ref readonly var e in activity.EnumerateEvents())
        {
            if (e.Name != "exception")
            {
                continue;
            }

            foreach (ref readonly var tag in e.EnumerateTagObjects())
            {
                switch (tag.Key)
                {
                    case "exception.type":
                        span.ExceptionType = tag.Value as string;
                        break;
                    case "exception.message":
                        span.ExceptionMessage = tag.Value as string;
                        break;
                    case "exception.stacktrace":
                        span.ExceptionStacktrace = tag.Value as string;
                        break;
                }
            }
        }
    }

    public static string TaskId(Activity activity)
    {
        Span<byte> id = stackalloc byte[16];
        activity.TraceId.CopyTo(id);
        return GenAiSpanMapper.TaskId(BinaryPrimitives.ReadUInt64BigEndian(id), BinaryPrimitives.ReadUInt64BigEndian(id[8..]), SpanIdValue(activity.SpanId));
    }

    private static ulong SpanIdValue(ActivitySpanId spanId)
    {
        Span<byte> id = stackalloc byte[8];
        spanId.CopyTo(id);
        return BinaryPrimitives.ReadUInt64BigEndian(id);
    }
}
