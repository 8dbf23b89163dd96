namespace Alpha.Learning.Improvements.Internal;

/// <summary>The options every config-file format has (<see cref="YamlConfigStoreOptions"/>, <see cref="JsonConfigStoreOptions"/>), read in one place by <see cref="ConfigFileSettings.From"/>.</summary>
internal interface IConfigFileOptions
{
    string Path { get; }

    int MaxBytes { get; }

    int MaxDepth { get; }

    int MaxChangesPerPlan { get; }

    bool AllowMissingFile { get; }

    TimeSpan WriteLockTimeout { get; }

    bool ReplaceReadOnly { get; }
}
