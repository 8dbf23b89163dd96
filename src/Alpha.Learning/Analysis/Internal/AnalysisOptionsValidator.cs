using Microsoft.Extensions.Options;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Validates <see cref="AnalysisOptions"/> (with its <see cref="RegressionOptions"/>): the ranges and path templates
/// declared on their properties through the generated <see cref="AnalysisOptionsAttributeValidator"/>, and by hand only
/// the rules across fields (the largest task timeout against the default; the regression bounds that depend on other
/// bounds) and over the entries of the tables (timeouts, prices, budgets, the template miner's settings). Every
/// message names the setting as a configuration key and the offending value.
/// </summary>
internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    /// <summary>The section the messages of a stand-alone analyzer name their keys under (<c>Analysis:SlowToolThresholdSeconds</c>).</summary>
    public const string Section = "Analysis";

    public static readonly AnalysisOptionsValidator Instance = new();

    private static readonly AnalysisOptionsAttributeValidator Attributes = new();

    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The failures of <paramref name="options"/>, their keys under <paramref name="section"/>.</summary>
    public static List<string> Check(AnalysisOptions options, string section = Section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var declared = Attributes.Validate(section, options);
        if (declared.Failed)
        {
            failures.AddRange(declared.Failures);
        }

        if (options.MaxTaskTimeoutSeconds < options.DefaultTaskTimeoutSeconds)
        {
            failures.Add(Inv($"{section}:MaxTaskTimeoutSeconds ({options.MaxTaskTimeoutSeconds}) must not be below {section}:DefaultTaskTimeoutSeconds ({options.DefaultTaskTimeoutSeconds})."));
        }

        foreach (var (task, seconds) in options.KnownTaskTimeoutSeconds)
        {
            if (!(seconds > 0) || !double.IsFinite(seconds))
            {
                failures.Add(Inv($"{section}:KnownTaskTimeoutSeconds:{task} must be a positive number of seconds; it is {seconds}."));
            }
        }

        foreach (var (model, price) in options.ModelPrices)
        {
            if (string.IsNullOrEmpty(model) || price is null || !(price.InputPerMillion >= 0) || !(price.OutputPerMillion >= 0)
                || !double.IsFinite(price.InputPerMillion) || !double.IsFinite(price.OutputPerMillion))
            {
                failures.Add(Inv($"{section}:ModelPrices:{model} must have a non-empty name and non-negative, finite prices; it is {price?.InputPerMillion} (input) and {price?.OutputPerMillion} (output) per million tokens."));
            }
        }

        var regression = options.Regression;
        if (regression.MinBaselineDays < 1 || regression.MinBaselineDays > Math.Max(1, regression.BaselineDays))
        {
            failures.Add(Inv($"{section}:Regression:MinBaselineDays must be between 1 and {section}:Regression:BaselineDays ({regression.BaselineDays}); it is {regression.MinBaselineDays}."));
        }

        if (regression.TrendMinWeeks < 3 || regression.TrendMinWeeks > Math.Max(3, regression.TrendWeeks))
        {
            failures.Add(Inv($"{section}:Regression:TrendMinWeeks must be between 3 and {section}:Regression:TrendWeeks ({regression.TrendWeeks}); it is {regression.TrendMinWeeks}."));
        }

        foreach (var (task, budget) in regression.CostPerTaskBudgetUsd)
        {
            if (!(budget > 0) || !double.IsFinite(budget))
            {
                failures.Add(Inv($"{section}:Regression:CostPerTaskBudgetUsd:{task} must be a positive number of US dollars; it is {budget}."));
            }
        }

        try
        {
            options.ErrorTemplates.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            failures.Add(Inv($"{section}:ErrorTemplates:{ex.Message}"));
        }

        return failures;
    }
}
