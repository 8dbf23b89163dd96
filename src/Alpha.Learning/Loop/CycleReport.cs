using System.Buffers;
using System.Text;
using System.Text.Json;

using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop;

/// <summary>
/// The typed report of one feedback-loop cycle. <see cref="ToJson"/> gives the contract's JSON shape
/// (<c>cycleNumber</c>, <c>status</c>, <c>steps {analysis, recommendations, improvements {applied, pendingApproval,
/// failed, dryRun, skipped}, verification}</c>).
/// </summary>
public sealed class CycleReport
{
    /// <summary>Gets the cycle number (0 when the cycle was skipped before one was assigned).</summary>
    public required long CycleNumber { get; init; }

    /// <summary>Gets how the cycle ended.</summary>
    public required CycleStatus Status { get; init; }

    /// <summary>Gets why the cycle failed or was skipped, or notes for people (for example a drop to Manual mode).</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the mode the cycle ran in.</summary>
    public required FeedbackLoopMode Mode { get; init; }

    /// <summary>Gets whether the cycle only planned changes (nothing written).</summary>
    public bool DryRun { get; init; }

    /// <summary>Gets when the cycle started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets when the cycle ended.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Gets the number of events analysed.</summary>
    public long EventsAnalyzed { get; init; }

    /// <summary>Gets the number of malformed log lines skipped.</summary>
    public long MalformedLines { get; init; }

    /// <summary>Gets the patterns found.</summary>
    public IReadOnlyList<LogPattern> Patterns { get; init; } = [];

    /// <summary>Gets the recommendations made.</summary>
    public IReadOnlyList<ImprovementRecommendation> Recommendations { get; init; } = [];

    /// <summary>Gets what happened to each recommendation.</summary>
    public IReadOnlyList<CycleImprovementItem> Improvements { get; init; } = [];

    /// <summary>Gets what verification found for earlier improvements.</summary>
    public IReadOnlyList<CycleVerificationItem> Verifications { get; init; } = [];

    /// <summary>Gets the number of success metrics stored.</summary>
    public int MetricsStored { get; init; }

    /// <summary>Gets the number of correlations stored.</summary>
    public int CorrelationsStored { get; init; }

    /// <summary>
    /// Gets the alerts the cycle's alert step sent (raised, worsened, reminders and resolutions of regressions, new
    /// error templates and trends), or none when no alert publisher is configured.
    /// </summary>
    public IReadOnlyList<Alpha.Learning.Alerts.Alert> Alerts { get; init; } = [];

    /// <summary>Counts the improvements with an action (<c>applied</c>, <c>pending_approval</c>, …).</summary>
    /// <param name="action">The action name.</param>
    /// <returns>The count.</returns>
    public int Count(string action) => Improvements.Count(i => string.Equals(i.Action, action, StringComparison.Ordinal));

    /// <summary>Writes the report as one JSON document (camelCase, enum values in snake_case).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the report as a JSON object.</summary>
    /// <param name="json">The writer.</param>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("cycleNumber", CycleNumber);
        json.WriteString("status", Status switch { CycleStatus.Completed => "completed", CycleStatus.Failed => "failed", _ => "skipped" });
        if (Reason is not null)
        {
            json.WriteString("reason", Reason);
        }

        json.WriteString("mode", EnumNames.ToName(Mode));
        json.WriteBoolean("dryRun", DryRun);
        json.WriteString("startedAt", StartedAt);
        json.WriteString("finishedAt", FinishedAt);
        json.WriteStartObject("steps");

        json.WriteStartObject("analysis");
        json.WriteNumber("events", EventsAnalyzed);
        json.WriteNumber("malformed", MalformedLines);
        json.WriteNumber("patterns", Patterns.Count);
        json.WriteStartObject("patternsByType");
        foreach (var group in Patterns.GroupBy(p => p.Type).OrderBy(g => g.Key))
        {
            json.WriteNumber(EnumNames.ToName(group.Key), group.Count());
        }

        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("recommendations");
        json.WriteNumber("total", Recommendations.Count);
        json.WriteNumber("withChanges", Recommendations.Count(r => !r.IsAdvisory));
        json.WriteNumber("advisory", Recommendations.Count(r => r.IsAdvisory));
        json.WriteEndObject();

        json.WriteStartObject("improvements");
        json.WriteNumber("applied", Count("applied"));
        json.WriteNumber("pendingApproval", Count("pending_approval"));
        json.WriteNumber("failed", Count("failed"));
        json.WriteNumber("dryRun", Count("dry_run"));
        json.WriteNumber("skipped", Count("skipped"));
        json.WriteStartArray("items");
        foreach (var item in Improvements)
        {
            json.WriteStartObject();
            json.WriteString("recommendationId", item.RecommendationId);
            if (item.ImprovementId is not null)
            {
                json.WriteString("improvementId", item.ImprovementId);
            }

            json.WriteString("title", item.Title);
            json.WriteString("action", item.Action);
            json.WriteString("reason", item.Reason);
            json.WriteNumber("expectedBenefit", Math.Round(item.ExpectedBenefit, 4));
            if (!item.Scope.IsEmpty)
            {
                json.WriteString("scope", item.Scope.ToString());
            }

            AlphaLearningJson.WriteChanges(json, "changes", item.Changes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("verification");
        json.WriteNumber("checked", Verifications.Count);
        json.WriteNumber("improved", Verifications.Count(v => v.Verdict == "improved"));
        json.WriteNumber("unchanged", Verifications.Count(v => v.Verdict == "unchanged"));
        json.WriteNumber("regressed", Verifications.Count(v => v.Verdict == "regressed"));
        json.WriteNumber("insufficientData", Verifications.Count(v => v.Verdict == "insufficient_data"));
        json.WriteNumber("inconclusive", Verifications.Count(v => v.Verdict == "inconclusive"));
        json.WriteNumber("rolledBack", Verifications.Count(v => v.Action == "rolled_back"));
        json.WriteStartArray("items");
        foreach (var v in Verifications)
        {
            json.WriteStartObject();
            json.WriteString("improvementId", v.ImprovementId);
            json.WriteString("metric", EnumNames.ToName(v.Metric));
            json.WriteString("verdict", v.Verdict);
            if (v.PValue is { } p)
            {
                json.WriteNumber("pValue", Math.Round(p, 6));
            }

            json.WriteNumber("before", v.Before);
            json.WriteNumber("after", v.After);
            if (v.Action is not null)
            {
                json.WriteString("action", v.Action);
            }

            if (v.Details is not null)
            {
                json.WriteString("details", v.Details);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("metrics");
        json.WriteNumber("stored", MetricsStored);
        json.WriteEndObject();
        json.WriteStartObject("correlations");
        json.WriteNumber("stored", CorrelationsStored);
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
