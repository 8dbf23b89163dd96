using Alpha.Learning.Alerts.Internal;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.Logs.Internal;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage.Internal;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.DependencyInjection.Internal;

/// <summary>
/// Validates every part of <see cref="AlphaLearningOptions"/>, naming each setting at fault: the rules declared on the
/// parts' properties through their generated validators, and by hand only the rules across fields (the log paths set in
/// two places; the configuration file that must exist unless a missing one is allowed).
/// </summary>
internal sealed class AlphaLearningOptionsValidator : IValidateOptions<AlphaLearningOptions>
{
    private static readonly JsonLinesLogSourceOptionsAttributeValidator Logs = new();
    private static readonly SqliteLearningStoreOptionsAttributeValidator Store = new();
    private static readonly YamlConfigStoreOptionsAttributeValidator Config = new();
    private static readonly AlertOptionsAttributeValidator Alerts = new();

    public ValidateOptionsResult Validate(string? name, AlphaLearningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The validators name each setting under the section given: AlphaLearning:Loop:X, AlphaLearning:Logs:X and so
        // on, the keys a host writes in its configuration.
        var errors = FeedbackLoopOptionsValidator.Check(options.Loop, "AlphaLearning:Loop");
        errors.AddRange(AnalysisOptionsValidator.Check(options.Analysis, "AlphaLearning:Analysis"));
        Add(errors, Logs.Validate("AlphaLearning:Logs", options.Logs));
        Add(errors, Store.Validate("AlphaLearning:Store", options.Store));
        Add(errors, Config.Validate("AlphaLearning:Config", options.Config));
        Add(errors, Alerts.Validate("AlphaLearning:Alerts", options.Alerts));

        if (options.Loop.LogPaths.Count > 0 && options.Logs.Paths.Count > 0 && !options.Loop.LogPaths.SequenceEqual(options.Logs.Paths, StringComparer.Ordinal))
        {
            errors.Add($"The log paths are set in two places, AlphaLearning:Logs:Paths ({string.Join(", ", options.Logs.Paths)}) and AlphaLearning:Loop:LogPaths ({string.Join(", ", options.Loop.LogPaths)}): set them once, in AlphaLearning:Logs:Paths.");
        }

        if (!string.IsNullOrWhiteSpace(options.Config.Path) && !options.Config.AllowMissingFile && !File.Exists(options.Config.Path))
        {
            errors.Add(Directory.Exists(options.Config.Path)
                ? $"AlphaLearning:Config:Path '{options.Config.Path}' is a folder: name the configuration file (YAML or JSON) the improvements change."
                : $"AlphaLearning:Config:Path '{options.Config.Path}' does not exist (full path '{Path.GetFullPath(options.Config.Path)}'): create the configuration file (YAML or JSON) the improvements change, or set AlphaLearning:Config:AllowMissingFile to start from an empty one.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Add(List<string> errors, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            errors.AddRange(result.Failures);
        }
    }
}
