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
        ArgumentNullException.ThrowIfNull(options);

        // The parts' validators name each setting under the section given: AlphaLearning:Loop:X and
        // AlphaLearning:Analysis:X, the keys a host writes in its configuration.
        var errors = FeedbackLoopOptionsValidator.Check(options.Loop, "AlphaLearning:Loop");
        errors.AddRange(AnalysisOptionsValidator.Check(options.Analysis, "AlphaLearning:Analysis"));
        errors.AddRange(FleetModeRules.Check(options));

        if (options.Logs.MaxDecompressedBytes < 1 || options.Logs.MaxDecompressedLines < 1)
        {
            errors.Add($"AlphaLearning:Logs:MaxDecompressedBytes and MaxDecompressedLines must be at least 1, not {options.Logs.MaxDecompressedBytes} and {options.Logs.MaxDecompressedLines}.");
        }

        if (options.Logs.MaxLineBytes < 64)
        {
            errors.Add($"AlphaLearning:Logs:MaxLineBytes must be at least 64, not {options.Logs.MaxLineBytes}.");
        }

        if (options.Logs.MaxParallelism is < 1 or > JsonLinesLogSourceOptions.MaxParallelismLimit)
        {
            errors.Add($"AlphaLearning:Logs:MaxParallelism must be from 1 to {JsonLinesLogSourceOptions.MaxParallelismLimit}, not {options.Logs.MaxParallelism}.");
        }

        if (options.Loop.LogPaths.Count > 0 && options.Logs.Paths.Count > 0 && !options.Loop.LogPaths.SequenceEqual(options.Logs.Paths, StringComparer.Ordinal))
        {
            errors.Add($"The log paths are set in two places, AlphaLearning:Logs:Paths ({string.Join(", ", options.Logs.Paths)}) and AlphaLearning:Loop:LogPaths ({string.Join(", ", options.Loop.LogPaths)}): set them once, in AlphaLearning:Logs:Paths.");
        }

        if (string.IsNullOrWhiteSpace(options.Store.DatabasePath))
        {
            errors.Add("AlphaLearning:Store:DatabasePath is empty: name the SQLite file (or ':memory:').");
        }

        if (options.Store.BusyTimeout < TimeSpan.Zero)
        {
            errors.Add($"AlphaLearning:Store:BusyTimeout cannot be negative ({options.Store.BusyTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(options.Config.Path))
        {
            errors.Add("AlphaLearning:Config:Path is empty: name the YAML file the improvements change.");
        }

        else if (!options.Config.AllowMissingFile && !File.Exists(options.Config.Path))
        {
            errors.Add(Directory.Exists(options.Config.Path)
                ? $"AlphaLearning:Config:Path '{options.Config.Path}' is a folder: name the configuration file (YAML or JSON) the improvements change."
                : $"AlphaLearning:Config:Path '{options.Config.Path}' does not exist (full path '{Path.GetFullPath(options.Config.Path)}'): create the configuration file (YAML or JSON) the improvements change, or set AlphaLearning:Config:AllowMissingFile to start from an empty one.");
        }

        if (options.Config.MaxBytes <= 0 || options.Config.MaxDepth <= 0)
        {
            errors.Add($"AlphaLearning:Config:MaxBytes ({options.Config.MaxBytes}) and AlphaLearning:Config:MaxDepth ({options.Config.MaxDepth}) must be positive.");
        }

        errors.AddRange(Alpha.Learning.Alerts.Internal.AlertOptionsValidator.Validate(options.Alerts));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
