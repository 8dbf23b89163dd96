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

    /// <summary>Reads and checks the options every format has (the rest is checked by <see cref="ConfigFileProtocol{TDocument}"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The maximum depth is less than 1.</exception>
    public static ConfigFileSettings From(IConfigFileOptions options, string optionsName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, "options.MaxDepth");
        return new ConfigFileSettings
        {
            OptionsName = optionsName,
            Path = options.Path,
            MaxBytes = options.MaxBytes,
            MaxChangesPerPlan = options.MaxChangesPerPlan,
            AllowMissingFile = options.AllowMissingFile,
            WriteLockTimeout = options.WriteLockTimeout,
            ReplaceReadOnly = options.ReplaceReadOnly,
        };
    }
}
