using System.Reflection;
using Alpha.Learning.Analysis;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>
/// Rewrites the setting names in the parts' validation messages to the configuration keys a host writes
/// (<c>AlphaLearning:Loop:MinConfidence</c>, <c>AlphaLearning:Analysis:SlowToolThresholdSeconds</c>).
/// </summary>
internal static class SettingKeys
{
    private const string LoopPrefix = "FeedbackLoop:";

    private static readonly HashSet<string> AnalysisNames =
        [.. typeof(AnalysisOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name)];

    /// <summary><c>FeedbackLoop:X</c> becomes <c>AlphaLearning:Loop:X</c>, wherever it stands in the message.</summary>
    public static string QualifyLoop(string message) => message.Replace(LoopPrefix, "AlphaLearning:Loop:", StringComparison.Ordinal);

    /// <summary>A message that starts with an <see cref="AnalysisOptions"/> property name gets the <c>AlphaLearning:Analysis:</c> prefix.</summary>
    public static string QualifyAnalysis(string message)
    {
        var end = 0;
        while (end < message.Length && (char.IsAsciiLetterOrDigit(message[end]) || message[end] == '_'))
        {
            end++;
        }

        return end > 0 && AnalysisNames.Contains(message[..end]) ? "AlphaLearning:Analysis:" + message : message;
    }
}
