using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>The steps every format's planner takes per change: the expected old value checked, a no-op recognised, a failed re-parse check reported.</summary>
internal static class PlanSteps
{
    /// <summary>Throws <see cref="ConfigStoreError.ValueChanged"/> when the value found is not the change's expected old value.</summary>
    /// <param name="change">The change.</param>
    /// <param name="found">The value found, <see langword="null"/> when absent or null.</param>
    /// <param name="foundText">How the value found reads in the message ("no value" when absent).</param>
    /// <param name="location">The file.</param>
    public static void CheckOldValue(ConfigChange change, object? found, string foundText, string location)
    {
        var expectedOld = YamlScalars.Normalize(change.OldValue);
        if (!YamlScalars.ValueEquals(found, expectedOld))
        {
            throw new ConfigStoreException(
                ConfigStoreError.ValueChanged,
                location,
                Inv($"The path '{change.Path}' in the configuration file '{location}' holds {foundText}, not the expected {YamlScalars.Describe(expectedOld)}: it changed since the change was planned."));
        }
    }

    /// <summary>Whether setting <paramref name="value"/> changes nothing: the value is present, equal and of the same type.</summary>
    public static bool IsNoOp(bool present, object? found, object value) =>
        present && YamlScalars.ValueEquals(found, value) && found?.GetType() == value.GetType();

    /// <summary>Whether a value read back is the one planned (equal, and a boolean only where a boolean was planned).</summary>
    public static bool SameValue(object? found, object? planned) =>
        YamlScalars.ValueEquals(found, planned) && (found is bool == planned is bool);

    /// <summary>The error of a rendered file that did not parse back to exactly the planned change.</summary>
    public static ConfigStoreException VerificationFailed(string location, string problem) =>
        new(ConfigStoreError.VerificationFailed, location, Inv($"The edited configuration file '{location}' did not parse back to exactly the planned change ({problem}); nothing was written."));

    private static string Inv(FormattableString value) => FormattableString.Invariant(value);
}
