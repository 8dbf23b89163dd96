using System.Globalization;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Loop.Internal;

/// <summary>Checks <see cref="FeedbackLoopOptions"/>; every message names the setting and the offending value.</summary>
internal sealed class FeedbackLoopOptionsValidator : IValidateOptions<FeedbackLoopOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedbackLoopOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Check(FeedbackLoopOptions options)
    {
        var errors = new List<string>();
        void Require(bool ok, FormattableString message)
        {
            if (!ok)
            {
                errors.Add(message.ToString(CultureInfo.InvariantCulture));
            }
        }

        Require(Enum.IsDefined(options.Mode), $"FeedbackLoop:Mode '{options.Mode}' is not a mode (Manual, SemiAuto, FullAuto).");
        Require(options.MinConfidence is >= 0 and <= 1, $"FeedbackLoop:MinConfidence must be between 0 and 1, not {options.MinConfidence}.");
        Require(options.MaxDailyImprovements >= 0, $"FeedbackLoop:MaxDailyImprovements cannot be negative ({options.MaxDailyImprovements}).");
        Require(options.MaxChangesPerCycle >= 0, $"FeedbackLoop:MaxChangesPerCycle cannot be negative ({options.MaxChangesPerCycle}).");
        Require(options.AnalysisWindowDays is >= 1 and <= 366, $"FeedbackLoop:AnalysisWindowDays must be between 1 and 366, not {options.AnalysisWindowDays}.");
        Require(options.MaxConsecutiveRollbacks >= 1, $"FeedbackLoop:MaxConsecutiveRollbacks must be at least 1, not {options.MaxConsecutiveRollbacks}.");
        Require(options.MinVerificationSamples >= 2, $"FeedbackLoop:MinVerificationSamples must be at least 2, not {options.MinVerificationSamples}.");
        Require(options.VerificationDeadline > TimeSpan.Zero, $"FeedbackLoop:VerificationDeadline must be positive, not {options.VerificationDeadline}.");
        Require(options.SuccessNonInferiorityMargin is >= 0 and < 1, $"FeedbackLoop:SuccessNonInferiorityMargin must be at least 0 and below 1, not {options.SuccessNonInferiorityMargin}.");
        Require(options.CostRegressionMargin is >= 0 and < 10, $"FeedbackLoop:CostRegressionMargin must be at least 0 and below 10, not {options.CostRegressionMargin}.");
        Require(options.UsdPerTask > 0 && double.IsFinite(options.UsdPerTask), $"FeedbackLoop:UsdPerTask must be a positive number, not {options.UsdPerTask}.");
        Require(options.ReapplyMinNewOccurrences >= 1, $"FeedbackLoop:ReapplyMinNewOccurrences must be at least 1, not {options.ReapplyMinNewOccurrences}.");
        Require(options.VerificationSignificance is > 0 and < 1, $"FeedbackLoop:VerificationSignificance must be between 0 and 1 (exclusive), not {options.VerificationSignificance}.");
        Require(options.PendingApprovalExpiry > TimeSpan.Zero, $"FeedbackLoop:PendingApprovalExpiry must be positive, not {options.PendingApprovalExpiry}.");
        Require(options.CycleLeaseDuration >= TimeSpan.FromSeconds(10), $"FeedbackLoop:CycleLeaseDuration must be at least 10 seconds, not {options.CycleLeaseDuration}.");
        Require(options.Fleet.Instance is null || Fleet.FleetNames.IsValid(options.Fleet.Instance), $"FeedbackLoop:Fleet:Instance '{options.Fleet.Instance}' is not a valid instance name (1 to 64 letters, digits, '.', '_' or '-').");
        Require(options.Fleet.InstanceTimeout > TimeSpan.Zero, $"FeedbackLoop:Fleet:InstanceTimeout must be positive, not {options.Fleet.InstanceTimeout}.");
        Require(options.Retention is null || options.Retention >= TimeSpan.FromDays(options.AnalysisWindowDays), $"FeedbackLoop:Retention must be empty (keep everything) or at least the analysis window ({options.AnalysisWindowDays} days), not {options.Retention}.");
        try
        {
            TimeZones.Find(options.TimeZone, "FeedbackLoop:TimeZone");
        }
        catch (ArgumentException ex)
        {
            errors.Add($"FeedbackLoop:TimeZone: {ex.Message}");
        }

        try
        {
            _ = new DefaultFeedbackLoopScheduler(options.Schedule);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"FeedbackLoop:Schedule: {ex.Message}");
        }

        return errors;
    }
}
