using Microsoft.Extensions.Options;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// Checks <see cref="FeedbackLoopOptions"/>: the ranges declared on its properties through the generated
/// <see cref="FeedbackLoopOptionsAttributeValidator"/>, and by hand only what an attribute cannot state: the mode, a rule
/// across fields (the retention against the analysis window) and the rules that need a lookup (time zone, schedule).
/// Every message names the setting as a configuration key and the offending value.
/// </summary>
internal sealed class FeedbackLoopOptionsValidator : IValidateOptions<FeedbackLoopOptions>
{
    /// <summary>The section the messages of a stand-alone loop name their keys under (<c>FeedbackLoop:MinConfidence</c>).</summary>
    public const string Section = "FeedbackLoop";

    private static readonly FeedbackLoopOptionsAttributeValidator Attributes = new();

    public ValidateOptionsResult Validate(string? name, FeedbackLoopOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The failures of <paramref name="options"/>, their keys under <paramref name="section"/>.</summary>
    public static List<string> Check(FeedbackLoopOptions options, string section = Section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var declared = Attributes.Validate(section, options);
        if (declared.Failed)
        {
            errors.AddRange(declared.Failures);
        }

        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add(Inv($"{section}:Mode '{options.Mode}' is not a mode (Manual, SemiAuto, FullAuto)."));
        }

        if (options.Retention is { } retention && retention < TimeSpan.FromDays(options.AnalysisWindowDays))
        {
            errors.Add(Inv($"{section}:Retention must be empty (keep everything) or at least the analysis window ({options.AnalysisWindowDays} days); it is {retention}."));
        }

        if (options.Fleet.Instance is not null && !Fleet.FleetNames.IsValid(options.Fleet.Instance))
        {
            errors.Add(Inv($"{section}:Fleet:Instance '{options.Fleet.Instance}' is not a valid instance name (1 to 64 letters, digits, '.', '_' or '-')."));
        }

        if (options.Fleet.InstanceTimeout <= TimeSpan.Zero)
        {
            errors.Add(Inv($"{section}:Fleet:InstanceTimeout must be positive, not {options.Fleet.InstanceTimeout}."));
        }

        try
        {
            TimeZones.Find(options.TimeZone, section + ":TimeZone");
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{section}:TimeZone: {ex.Message}");
        }

        try
        {
            _ = new DefaultFeedbackLoopScheduler(options.Schedule);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{section}:Schedule: {ex.Message}");
        }

        return errors;
    }
}
