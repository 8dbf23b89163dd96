using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Improvements;

/// <summary>Options of <see cref="JsonConfigStore"/>.</summary>
public sealed class JsonConfigStoreOptions : IConfigFileOptions
{
    /// <summary>Gets or sets the path of the JSON file (for example <c>appsettings.json</c>). Required.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the largest file accepted, in bytes; a larger file is refused before it is parsed. The default value is 1 MiB (1,048,576).</summary>
    public int MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the deepest nesting of objects and arrays accepted. The default value is 64.</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Gets or sets the longest string (name or value) accepted, in bytes as written in the file. The default value is 64 KiB (65,536).</summary>
    public int MaxStringBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the most changes one plan may hold. The default value is 32.</summary>
    public int MaxChangesPerPlan { get; set; } = 32;

    /// <summary>Gets or sets whether a missing file reads as an empty configuration (and is created by the first write) instead of an error. The default value is <see langword="false"/>.</summary>
    public bool AllowMissingFile { get; set; }

    /// <summary>
    /// Gets or sets how long a write waits for the cross-process write lock (a lock file beside the configuration,
    /// held by another writer only for its last re-check and rename). The default value is 10 seconds.
    /// </summary>
    public TimeSpan WriteLockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets whether a read-only configuration file (no owner write bit, such as mode 0444) may be replaced;
    /// when not, a write to it is refused with an error that names this option. The default value is <see langword="false"/>.
    /// </summary>
    public bool ReplaceReadOnly { get; set; }
}
