namespace Alpha.Learning.Improvements.Internal;

/// <summary>The settings every file-backed config store has, whatever its format, with the name of the options class they came from (for messages).</summary>
internal sealed class ConfigFileSettings
{
    public required string OptionsName { get; init; }

    public required string Path { get; init; }

    public required int MaxBytes { get; init; }

    public required int MaxChangesPerPlan { get; init; }

    public required bool AllowMissingFile { get; init; }

    public required TimeSpan WriteLockTimeout { get; init; }

    public required bool ReplaceReadOnly { get; init; }
}
