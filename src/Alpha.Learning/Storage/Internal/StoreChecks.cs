using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// The one validation of what a caller hands a store, shared by the SQLite and the PostgreSQL store, so both refuse the
/// same input with the same message and nothing is written.
/// </summary>
internal static class StoreChecks
{
    public static void Finite(double value, string what, string parameterName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{what} must be a finite number, not {value.ToString(CultureInfo.InvariantCulture)}.", parameterName);
        }
    }

    public static void Limit(int limit) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

    public static void Pattern(LogPattern pattern, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(pattern, parameterName);
        ArgumentNullException.ThrowIfNull(pattern.Description, parameterName);
        Finite(pattern.ImpactScore, "The impact score of a pattern", parameterName);
    }

    public static void Improvement(ImprovementRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(record.Id, nameof(record));
        ArgumentNullException.ThrowIfNull(record.Changes, nameof(record));
        Finite(record.Confidence, "The confidence of an improvement", nameof(record));
    }

    public static void Reservation(ImprovementRecord record, DateTimeOffset windowStart, DateTimeOffset windowEnd, int maxInWindow)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInWindow);
        if (windowEnd <= windowStart)
        {
            throw new ArgumentOutOfRangeException(nameof(windowEnd), windowEnd, "The end of the quota window must come after its start.");
        }

        if (record.Status is not (ImprovementStatus.Applying or ImprovementStatus.Applied))
        {
            throw new ArgumentException($"A reserved improvement must have the status applying or applied (so that it counts against the quota), not {EnumNames.ToName(record.Status)}.", nameof(record));
        }
    }

    public static void Update(ImprovementUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(update.Id, nameof(update));
        ArgumentNullException.ThrowIfNull(update.PathChanges, nameof(update));
    }

    public static void PathChange(PathChange change, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(change, parameterName);
        ArgumentNullException.ThrowIfNull(change.Path, parameterName);
        ArgumentNullException.ThrowIfNull(change.ImprovementId, parameterName);
    }

    public static void Metric(SuccessMetric metric, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(metric, parameterName);
        ArgumentNullException.ThrowIfNull(metric.Name, parameterName);
        Finite(metric.Value, "The value of a metric", parameterName);
    }

    public static void Correlation(Correlation correlation, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(correlation, parameterName);
        ArgumentNullException.ThrowIfNull(correlation.Type, parameterName);
        ArgumentNullException.ThrowIfNull(correlation.Source, parameterName);
        ArgumentNullException.ThrowIfNull(correlation.Target, parameterName);
        Finite(correlation.Score, "The score of a correlation", parameterName);
    }

    public static void FinishStatus(CycleRunStatus status)
    {
        if (status == CycleRunStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A cycle finishes with a final status, not running.");
        }
    }

    public static void Lease(string name, string owner, TimeSpan? ttl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (ttl is { } duration)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero, nameof(ttl));
        }
    }

    public static void Baseline(VerificationBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(baseline.ImprovementId, nameof(baseline));
        ArgumentNullException.ThrowIfNull(baseline.Data, nameof(baseline));
    }

    public static void Verification(VerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(result.ImprovementId, nameof(result));
        Finite(result.PValue ?? 0, "The p-value of a verification", nameof(result));
        Finite(result.Effect ?? 0, "The effect of a verification", nameof(result));
    }
}
