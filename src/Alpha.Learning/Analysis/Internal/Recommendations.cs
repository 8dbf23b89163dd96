using System.Globalization;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>Helpers of the built-in recommendation rules.</summary>
internal static class Recommendations
{
    public static ImprovementRecommendation Create(
        LogPattern pattern,
        ActionType actionType,
        string title,
        string rationale,
        Priority priority,
        double confidence,
        RiskLevel risk,
        IReadOnlyList<ConfigChange> changes,
        TargetMetric target,
        Dictionary<string, object> evidence,
        string? note = null,
        RecommendationScope? scope = null,
        double tasksSavedPerWeek = 0,
        double usdSavedPerWeek = 0,
        IReadOnlyDictionary<string, object>? assumed = null)
    {
        var paths = new string[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            paths[i] = changes[i].Path;
        }

        evidence["pattern_fingerprint"] = pattern.Fingerprint;
        evidence["occurrences"] = pattern.Occurrences;
        return new ImprovementRecommendation
        {
            Id = ImprovementRecommendation.ComputeId(pattern.Fingerprint, actionType, paths),
            Title = title,
            Rationale = rationale,
            Priority = priority,
            ActionType = actionType,
            Confidence = Math.Round(Math.Clamp(confidence, 0, 1), 4),
            Risk = changes.Count == 0 ? RiskLevel.Risky : risk,
            PatternFingerprint = pattern.Fingerprint,
            PatternType = pattern.Type,
            Subject = pattern.Subject,
            Key = pattern.Key,
            Changes = changes,
            TargetMetric = target,
            Evidence = evidence,
            Note = note,
            Scope = scope ?? DefaultScope(pattern),
            TasksSavedPerWeek = Math.Round(Math.Max(0, tasksSavedPerWeek), 3),
            UsdSavedPerWeek = Math.Round(Math.Max(0, usdSavedPerWeek), 4),
            AssumedDefaults = assumed ?? new Dictionary<string, object>(),
        };
    }

    /// <summary>The scope a pattern's subject gives: its task, tool, model, or error type (with the tasks it hit).</summary>
    public static RecommendationScope DefaultScope(LogPattern pattern) => pattern.Subject switch
    {
        LogPattern.TaskSubject => new RecommendationScope { TaskTypes = [pattern.Key] },
        LogPattern.ToolSubject => new RecommendationScope { Tools = [pattern.Key] },
        LogPattern.ModelSubject => new RecommendationScope { Models = [pattern.Key] },
        LogPattern.ErrorSubject when GetString(pattern, "error_type") is { } errorType => new RecommendationScope { ErrorTypes = [errorType], TaskTypes = GetStrings(pattern, "affected_tasks") },
        _ => RecommendationScope.Empty,
    };

    /// <summary>
    /// Reads the value the host's configuration holds at <paramref name="path"/>. Returns <see langword="false"/> when
    /// the configuration is not known (a plain analysis); <paramref name="value"/> is <see langword="null"/> when the
    /// configuration is known but has no value there.
    /// </summary>
    public static bool TryReadConfig(RecommendationContext context, string? path, out object? value)
    {
        value = null;
        if (context.Config is not { } config || path is null)
        {
            return false;
        }

        if (config.TryGetValue(path, out var held))
        {
            value = held;
        }

        return true;
    }

    /// <summary>A configuration value as a number, or <see langword="null"/> when it is absent or not a number.</summary>
    public static double? AsNumber(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d when double.IsFinite(d) => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    /// <summary>Turns a count seen over the analysed span into a rate per week (a span under a day counts as a day).</summary>
    public static double PerWeek(RecommendationContext context, LogPattern pattern, double count)
    {
        var span = context.Span ?? (pattern.LastSeen - pattern.FirstSeen);
        var days = Math.Max(1, span.TotalDays);
        return count * 7 / days;
    }

    /// <summary>Orders by priority (highest first), then confidence (highest first), then id (ordinal).</summary>
    public static int Compare(ImprovementRecommendation a, ImprovementRecommendation b)
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byConfidence = b.Confidence.CompareTo(a.Confidence);
        return byConfidence != 0 ? byConfidence : string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>Orders patterns by type, subject, then key (ordinal).</summary>
    public static int ComparePatterns(LogPattern a, LogPattern b)
    {
        var byType = a.Type.CompareTo(b.Type);
        if (byType != 0)
        {
            return byType;
        }

        var bySubject = string.CompareOrdinal(a.Subject, b.Subject);
        return bySubject != 0 ? bySubject : string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>Reads a number from pattern metadata, whatever its boxed numeric type (or text, as a store may give back).</summary>
    public static double GetDouble(LogPattern pattern, string key, double fallback = double.NaN)
    {
        if (!pattern.Metadata.TryGetValue(key, out var value))
        {
            return fallback;
        }

        return value switch
        {
            double d => d,
            long l => l,
            int i => i,
            float f => f,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            IConvertible c => TryConvert(c, fallback),
            _ => fallback,
        };
    }

    public static string? GetString(LogPattern pattern, string key) =>
        pattern.Metadata.TryGetValue(key, out var value) ? value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static bool GetBool(LogPattern pattern, string key) =>
        pattern.Metadata.TryGetValue(key, out var value) && value switch
        {
            bool b => b,
            string s => bool.TryParse(s, out var parsed) && parsed,
            _ => false,
        };

    public static IReadOnlyList<string> GetStrings(LogPattern pattern, string key)
    {
        if (!pattern.Metadata.TryGetValue(key, out var value))
        {
            return [];
        }

        if (value is IEnumerable<string> strings)
        {
            return [.. strings];
        }

        return value is string single ? [single] : [];
    }

    public static bool HasPattern(RecommendationContext context, PatternType type, string subject, string key)
    {
        foreach (var other in context.Patterns)
        {
            if (other.Type == type && other.Subject == subject && string.Equals(other.Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static LogPattern? FindPattern(RecommendationContext context, PatternType type, string subject, string key)
    {
        foreach (var other in context.Patterns)
        {
            if (other.Type == type && other.Subject == subject && string.Equals(other.Key, key, StringComparison.Ordinal))
            {
                return other;
            }
        }

        return null;
    }

    public static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public static string Usd(double value) => "$" + value.ToString("0.####", CultureInfo.InvariantCulture);

    private static double TryConvert(IConvertible value, double fallback)
    {
        try
        {
            return value.ToDouble(CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return fallback;
        }
        catch (InvalidCastException)
        {
            return fallback;
        }
    }
}
