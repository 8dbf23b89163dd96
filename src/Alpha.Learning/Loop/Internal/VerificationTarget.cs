using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop.Internal;

/// <summary>What one improvement targets, and the events split at the moment it was applied.</summary>
internal sealed class VerificationTarget
{
    public VerificationTarget(ImprovementRecord improvement, DateTimeOffset split)
    {
        Improvement = improvement;
        Split = split;
        var isRate = improvement.TargetMetric is TargetMetric.ErrorRate or TargetMetric.TimeoutRate or TargetMetric.SuccessRate;
        Before = new MetricSample(isRate, 17);
        After = new MetricSample(isRate, 31);
        ErrorType = improvement.Subject == LogPattern.ErrorSubject && improvement.Key.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon
            ? improvement.Key[..colon]
            : null;
    }

    public ImprovementRecord Improvement { get; }

    public DateTimeOffset Split { get; }

    public MetricSample Before { get; }

    public MetricSample After { get; }

    public string? ErrorType { get; }
}
