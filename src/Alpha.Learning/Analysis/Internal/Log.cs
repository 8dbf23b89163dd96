using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Analysis.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Log analysis started (from {From}, to {To}, {DetectorCount} detectors).")]
    public static partial void AnalysisStarted(ILogger logger, DateTimeOffset? from, DateTimeOffset? to, int detectorCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Log analysis finished: {Events} events, {Patterns} patterns, {Recommendations} recommendations in {ElapsedMs} ms.")]
    public static partial void AnalysisFinished(ILogger logger, long events, int patterns, int recommendations, long elapsedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Pattern detector '{Detector}' failed and was left out of this analysis.")]
    public static partial void DetectorFailed(ILogger logger, Exception exception, string detector);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Pattern detector '{Detector}' failed to recommend for a {PatternType} pattern ({Fingerprint}).")]
    public static partial void RecommendFailed(ILogger logger, Exception exception, string detector, string patternType, string fingerprint);
}
