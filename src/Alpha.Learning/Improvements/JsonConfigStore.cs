using Alpha.Learning.Improvements.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Improvements;

/// <summary>
/// An <see cref="IConfigStore"/> for a JSON file such as <c>appsettings.json</c>, edited surgically. Comments
/// (<c>//</c> and <c>/* */</c>), trailing commas, member order, indentation, line endings and a byte-order mark of
/// everything not changed survive; a new member goes after the last member of its object in that object's own style.
/// The result is parsed again and checked (exactly the planned paths differ) before it is written, and written
/// atomically with compare-and-swap on the file's hash. Hostile files (too large, too deep, huge strings, duplicate
/// member names, numbers out of range, invalid UTF-8) are refused with a <see cref="ConfigStoreException"/> by a
/// cheap linear pre-scan before any parse.
/// </summary>
/// <remarks>
/// <para>
/// Paths follow the configuration convention: <c>Agent:Tools:search:TimeoutSeconds</c>, member names matched
/// ignoring case as <c>IConfiguration</c> does (two names differing only in case in one object are refused as
/// duplicates), array items by index (<c>Servers:0:Url</c>). A path's segments are the same whether written with
/// <c>:</c> or <c>.</c>, so the default rule templates (<c>tools.{tool}.timeout</c>) work on a JSON file shaped like
/// the YAML one. Snapshot paths use <c>:</c> and are looked up either way; names holding <c>:</c> or <c>.</c> cannot
/// be addressed.
/// </para>
/// <para>
/// Numbers are written in their shortest round-trip form (a double keeps a decimal point), so a rollback restores
/// the original bytes unless the original spelled a number unusually (for example <c>30.50</c> or <c>1e3</c>).
/// A symbolic link at <see cref="JsonConfigStoreOptions.Path"/> is refused for writes. Writes from one process are
/// serialised; across processes, the compare-and-swap on the version detects concurrent writers.
/// </para>
/// </remarks>
public sealed class JsonConfigStore : ConfigFileStore
{
    /// <summary>Initializes a new instance of the <see cref="JsonConfigStore"/> class.</summary>
    /// <param name="options">The options; <see cref="JsonConfigStoreOptions.Path"/> is required.</param>
    /// <param name="logger">The logger, if any.</param>
    public JsonConfigStore(JsonConfigStoreOptions options, ILogger<JsonConfigStore>? logger = null)
        : base(new ConfigFileProtocol<JsonModel>(ConfigFileSettings.From(options, nameof(JsonConfigStoreOptions)), Format(options), logger))
    {
    }

    private static JsonConfigFormat Format(JsonConfigStoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxStringBytes, 1, "options.MaxStringBytes");
        return new JsonConfigFormat(options.MaxDepth, options.MaxStringBytes);
    }
}
