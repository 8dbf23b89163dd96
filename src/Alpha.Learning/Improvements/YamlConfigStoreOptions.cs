using Alpha.Learning.Improvements.Internal;
using Alpha.Learning.Internal;

namespace Alpha.Learning.Improvements;

/// <summary>Options of <see cref="YamlConfigStore"/>.</summary>
public sealed class YamlConfigStoreOptions : IConfigFileOptions
{
    /// <summary>Gets or sets the path of the YAML file. Required.</summary>
    [SettingText("name the configuration file (YAML or JSON) the improvements change")]
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the largest file accepted, in bytes; a larger file is refused before it is parsed. The default value is 1 MiB (1,048,576).</summary>
    [SettingRange(1)]
    public int MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the deepest nesting of mappings and sequences accepted. The default value is 64.</summary>
    [SettingRange(1)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>Gets or sets the most changes one plan may hold. The default value is 32.</summary>
    [SettingRange(1)]
    public int MaxChangesPerPlan { get; set; } = 32;

    /// <summary>Gets or sets whether a missing file reads as an empty configuration (and is created by the first write) instead of an error. The default value is <see langword="false"/>.</summary>
    public bool AllowMissingFile { get; set; }

    /// <summary>
    /// Gets or sets how long a write waits for the cross-process write lock (a lock file beside the configuration,
    /// held by another writer only for its last re-check and rename). The default value is 10 seconds.
    /// </summary>
    [SettingDuration(0, MinimumIsExclusive = true, MaximumSeconds = 3600)]
    public TimeSpan WriteLockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets whether a read-only configuration file (no owner write bit, such as mode 0444) may be replaced;
    /// when not, a write to it is refused with an error that names this option. The default value is <see langword="false"/>.
    /// </summary>
    public bool ReplaceReadOnly { get; set; }
}
