using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Alerts.Internal;

/// <summary>
/// Finds the improvement the loop applied (or rolled back) that explains a baseline-relative finding: one that took
/// effect between the start of the finding's baseline and the end of its window, in the same scope (the same subject
/// and key, or a changed path that names the key as a segment, or a routing change to or from the model).
/// </summary>
internal static class ChangeAttribution
{
    public static string? Find(LogPattern pattern, IReadOnlyList<ImprovementRecord> improvements)
    {
        if (improvements.Count == 0)
        {
            return null;
        }

        var from = Instant(pattern, "baseline_from") ?? pattern.FirstSeen;
        var to = Instant(pattern, "window_to") ?? pattern.LastSeen;
        foreach (var improvement in improvements)
        {
            var at = improvement.Status == ImprovementStatus.RolledBack ? improvement.RolledBackAt ?? improvement.AppliedAt : improvement.AppliedAt;
            if (at is not { } when || when < from || when > to || improvement.Status is not (ImprovementStatus.Applied or ImprovementStatus.RolledBack))
            {
                continue;
            }

            if (InScope(pattern, improvement))
            {
                return improvement.Id;
            }
        }

        return null;
    }

    private static bool InScope(LogPattern pattern, ImprovementRecord improvement)
    {
        if (string.Equals(improvement.Subject, pattern.Subject, StringComparison.Ordinal) && string.Equals(improvement.Key, pattern.Key, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var change in improvement.Changes)
        {
            foreach (var segment in change.Path.Split('.'))
            {
                if (string.Equals(segment, pattern.Key, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (pattern.Subject == LogPattern.ModelSubject
                && (string.Equals(change.NewValue as string, pattern.Key, StringComparison.Ordinal) || string.Equals(change.OldValue as string, pattern.Key, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset? Instant(LogPattern pattern, string key) =>
        pattern.Metadata.TryGetValue(key, out var value) && value is string text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) ? instant : null;
}
