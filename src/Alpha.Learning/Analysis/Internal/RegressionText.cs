using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>How the baseline-relative detector's findings read: impact scores by severity, one-line descriptions and units.</summary>
internal static class RegressionText
{
    internal static double Impact(Priority severity) => severity switch
    {
        Priority.Critical => 0.95,
        Priority.High => 0.75,
        Priority.Medium => 0.5,
        Priority.Low => 0.3,
        _ => 0.1,
    };

    internal static string Describe(RegressionFinding f)
    {
        var name = f.Metric.Replace('_', ' ');
        var effect = f.EffectIsRatio
            ? (double.IsFinite(f.Effect) ? Inv($"×{f.Effect:0.##}") : "from zero")
            : Inv($"{(f.Effect >= 0 ? "+" : string.Empty)}{f.Effect * 100:0.#} points");
        return Inv($"{name} {Format(f.Before, f.Unit)} → {Format(f.After, f.Unit)} ({effect}, p = {f.PValue:0.##e0})");
    }

    internal static string Format(double value, string unit) => unit switch
    {
        "s" => Inv($"{value:0.###} s"),
        "usd" => Inv($"${value:0.#####}"),
        "share" => Inv($"{value * 100:0.#} %"),
        "per_hour" => Inv($"{value:0.##}/h"),
        _ => Inv($"{value:0.#}"),
    };
}
