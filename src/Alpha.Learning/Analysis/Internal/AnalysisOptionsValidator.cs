using Microsoft.Extensions.Options;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Validates <see cref="AnalysisOptions"/>: ranges of every threshold and bound, cross-field rules, and that every
/// path template holds its placeholder and yields a safe dotted path. Hand-written rather than generated: most rules
/// are cross-field or about templates, and each message names the setting and the offending value.
/// </summary>
internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    public static readonly AnalysisOptionsValidator Instance = new();

    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        Positive(failures, nameof(options.DefaultTaskTimeoutSeconds), options.DefaultTaskTimeoutSeconds);
        Positive(failures, nameof(options.MaxTaskTimeoutSeconds), options.MaxTaskTimeoutSeconds);
        Positive(failures, nameof(options.MaxToolTimeoutSeconds), options.MaxToolTimeoutSeconds);
        Positive(failures, nameof(options.SlowToolThresholdSeconds), options.SlowToolThresholdSeconds);
        Positive(failures, nameof(options.SlowTaskThresholdSeconds), options.SlowTaskThresholdSeconds);
        Positive(failures, nameof(options.HighCostThresholdUsd), options.HighCostThresholdUsd);
        Positive(failures, nameof(options.RetryInitialBackoffSeconds), options.RetryInitialBackoffSeconds);
        Between(failures, nameof(options.TimeoutDurationTolerance), options.TimeoutDurationTolerance, 0, 0.5);
        Between(failures, nameof(options.TimeoutMultiplier), options.TimeoutMultiplier, 1, 10);
        Between(failures, nameof(options.MaxTimeoutIncreaseFactor), options.MaxTimeoutIncreaseFactor, 1, 10);
        Between(failures, nameof(options.SuccessMinRate), options.SuccessMinRate, 0, 1);
        Between(failures, nameof(options.RoutingMinSuccessRate), options.RoutingMinSuccessRate, 0, 1);
        Between(failures, nameof(options.FailureChainMinSupport), options.FailureChainMinSupport, 0, 1);
        Between(failures, nameof(options.FailureChainMinLift), options.FailureChainMinLift, 1, 1000);
        AtLeast(failures, nameof(options.TimeoutMinOccurrences), options.TimeoutMinOccurrences, 1);
        AtLeast(failures, nameof(options.RecurringErrorMinOccurrences), options.RecurringErrorMinOccurrences, 1);
        AtLeast(failures, nameof(options.SlowMinOccurrences), options.SlowMinOccurrences, 1);
        AtLeast(failures, nameof(options.HighCostMinOccurrences), options.HighCostMinOccurrences, 1);
        AtLeast(failures, nameof(options.ChainMinOccurrences), options.ChainMinOccurrences, 1);
        AtLeast(failures, nameof(options.FailureChainMinFailures), options.FailureChainMinFailures, 1);
        AtLeast(failures, nameof(options.SuccessMinRuns), options.SuccessMinRuns, 1);
        AtLeast(failures, nameof(options.RoutingMinRuns), options.RoutingMinRuns, 1);
        AtLeast(failures, nameof(options.MinSamplesForPercentile), options.MinSamplesForPercentile, 1);
        AtLeast(failures, nameof(options.MaxErrorTypes), options.MaxErrorTypes, 1);
        AtLeast(failures, nameof(options.MaxExamples), options.MaxExamples, 0);
        AtLeast(failures, nameof(options.ExampleMaxLength), options.ExampleMaxLength, 16);
        AtLeast(failures, nameof(options.MaxAffectedNames), options.MaxAffectedNames, 0);
        AtLeast(failures, nameof(options.MaxOpenTasks), options.MaxOpenTasks, 1);
        AtLeast(failures, nameof(options.MaxCallsPerTask), options.MaxCallsPerTask, 1);
        AtLeast(failures, nameof(options.MaxSubjects), options.MaxSubjects, 1);
        if (options.RetryMaxAttempts is < 1 or > 10)
        {
            failures.Add(Inv($"RetryMaxAttempts must be between 1 and 10; it is {options.RetryMaxAttempts}."));
        }

        if (options.ToolMaxRetries is < 0 or > 10)
        {
            failures.Add(Inv($"ToolMaxRetries must be between 0 and 10; it is {options.ToolMaxRetries}."));
        }

        failures.AddRange(RegressionOptionsValidator.Validate(options.Regression));
        if (options.OpenTaskStaleAfter <= TimeSpan.Zero)
        {
            failures.Add(Inv($"OpenTaskStaleAfter must be positive; it is {options.OpenTaskStaleAfter}."));
        }

        if (options.RecencyHalfLife <= TimeSpan.Zero)
        {
            failures.Add(Inv($"RecencyHalfLife must be positive; it is {options.RecencyHalfLife}."));
        }

        if (options.MaxTaskTimeoutSeconds < options.DefaultTaskTimeoutSeconds)
        {
            failures.Add(Inv($"MaxTaskTimeoutSeconds ({options.MaxTaskTimeoutSeconds}) must not be below DefaultTaskTimeoutSeconds ({options.DefaultTaskTimeoutSeconds})."));
        }

        foreach (var (task, seconds) in options.KnownTaskTimeoutSeconds)
        {
            if (!(seconds > 0) || !double.IsFinite(seconds))
            {
                failures.Add(Inv($"KnownTaskTimeoutSeconds['{task}'] must be a positive number of seconds; it is {seconds}."));
            }
        }

        foreach (var (model, price) in options.ModelPrices)
        {
            if (string.IsNullOrEmpty(model) || price is null || !(price.InputPerMillion >= 0) || !(price.OutputPerMillion >= 0)
                || !double.IsFinite(price.InputPerMillion) || !double.IsFinite(price.OutputPerMillion))
            {
                failures.Add(Inv($"ModelPrices['{model}'] must have a non-empty name and non-negative, finite prices."));
            }
        }

        Template(failures, nameof(options.TaskTimeoutPath), options.TaskTimeoutPath, "{task}");
        Template(failures, nameof(options.ToolTimeoutPath), options.ToolTimeoutPath, "{tool}");
        Template(failures, nameof(options.ToolCachePath), options.ToolCachePath, "{tool}");
        Template(failures, nameof(options.ToolDeduplicatePath), options.ToolDeduplicatePath, "{tool}");
        Template(failures, nameof(options.ToolMaxRetriesPath), options.ToolMaxRetriesPath, "{tool}");
        Template(failures, nameof(options.ModelRoutingPath), options.ModelRoutingPath, "{task}");
        Template(failures, nameof(options.ErrorRetryAttemptsPath), options.ErrorRetryAttemptsPath, "{error}");
        Template(failures, nameof(options.ErrorRetryBackoffPath), options.ErrorRetryBackoffPath, "{error}");

        try
        {
            options.ErrorTemplates.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            failures.Add("ErrorTemplates." + ex.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }


    private static void Positive(List<string> failures, string name, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            failures.Add(Inv($"{name} must be a positive number; it is {value}."));
        }
    }

    private static void Between(List<string> failures, string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            failures.Add(Inv($"{name} must be between {min} and {max}; it is {value}."));
        }
    }

    private static void AtLeast(List<string> failures, string name, int value, int min)
    {
        if (value < min)
        {
            failures.Add(Inv($"{name} must be at least {min}; it is {value}."));
        }
    }

    private static void Template(List<string> failures, string name, string? template, string placeholder)
    {
        if (ConfigPaths.TryBuild(template, placeholder, "sample", out _) is null)
        {
            failures.Add($"{name} must contain {placeholder} as a whole segment and form a path of letters, digits, '_' and '-' separated by '.' or ':'; it is '{template}'.");
        }
    }
}
