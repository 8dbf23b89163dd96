using Alpha.Learning.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Analysis.Internal;

internal static partial class Log
{
    [LoggerMessage(EventId = EventIds.Analysis.AnalysisStarted, Level = LogLevel.Information, Message = "Log analysis started (from {From}, to {To}, {DetectorCount} detectors).")]
    public static partial void AnalysisStarted(ILogger logger, DateTimeOffset? from, DateTimeOffset? to, int detectorCount);

    [LoggerMessage(EventId = EventIds.Analysis.AnalysisFinished, Level = LogLevel.Information, Message = "Log analysis finished: {Events} events, {Patterns} patterns, {Recommendations} recommendations in {ElapsedMs} ms.")]
    public static partial void AnalysisFinished(ILogger logger, long events, int patterns, int recommendations, long elapsedMs);

    [LoggerMessage(EventId = EventIds.Analysis.DetectorFailed, Level = LogLevel.Error, Message = "Pattern detector '{Detector}' failed and was left out of this analysis.")]
    public static partial void DetectorFailed(ILogger logger, Exception exception, string detector);

    [LoggerMessage(EventId = EventIds.Analysis.RecommendFailed, Level = LogLevel.Error, Message = "Pattern detector '{Detector}' failed to recommend for a {PatternType} pattern ({Fingerprint}).")]
    public static partial void RecommendFailed(ILogger logger, Exception exception, string detector, string patternType, string fingerprint);
}
