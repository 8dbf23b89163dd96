using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop.Internal;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>Validates every part of <see cref="AlphaLearningOptions"/>, naming each setting at fault.</summary>
internal sealed class AlphaLearningOptionsValidator : IValidateOptions<AlphaLearningOptions>
{
    public ValidateOptionsResult Validate(string? name, AlphaLearningOptions options)
    {
        var errors = new List<string>(FeedbackLoopOptionsValidator.Check(options.Loop));
        var analysis = new AnalysisOptionsValidator().Validate(name, options.Analysis);
        if (analysis.Failed)
        {
            errors.AddRange(analysis.Failures);
        }

        if (options.Logs.MaxLineBytes < 64)
        {
            errors.Add($"Logs:MaxLineBytes must be at least 64, not {options.Logs.MaxLineBytes}.");
        }

        if (options.Logs.MaxParallelism is < 1 or > JsonLinesLogSourceOptions.MaxParallelismLimit)
        {
            errors.Add($"Logs:MaxParallelism must be from 1 to {JsonLinesLogSourceOptions.MaxParallelismLimit}, not {options.Logs.MaxParallelism}.");
        }

        if (string.IsNullOrWhiteSpace(options.Store.DatabasePath))
        {
            errors.Add("Store:DatabasePath is empty: name the SQLite file (or ':memory:').");
        }

        if (options.Store.BusyTimeout < TimeSpan.Zero)
        {
            errors.Add($"Store:BusyTimeout cannot be negative ({options.Store.BusyTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(options.Config.Path))
        {
            errors.Add("Config:Path is empty: name the YAML file the improvements change.");
        }

        if (options.Config.MaxBytes <= 0 || options.Config.MaxDepth <= 0)
        {
            errors.Add($"Config:MaxBytes ({options.Config.MaxBytes}) and Config:MaxDepth ({options.Config.MaxDepth}) must be positive.");
        }

        errors.AddRange(Alpha.Learning.Alerts.Internal.AlertOptionsValidator.Validate(options.Alerts));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
