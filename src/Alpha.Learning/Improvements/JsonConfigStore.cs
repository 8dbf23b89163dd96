using System.Collections.Concurrent;
using System.Text.Unicode;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Alpha.Learning.Internal.InvariantText;

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
public sealed class JsonConfigStore : IConfigStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly JsonConfigStoreOptions _options;
    private readonly string _path;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="JsonConfigStore"/> class.</summary>
    /// <param name="options">The options; <see cref="JsonConfigStoreOptions.Path"/> is required.</param>
    /// <param name="logger">The logger, if any.</param>
    public JsonConfigStore(JsonConfigStoreOptions options, ILogger<JsonConfigStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("JsonConfigStoreOptions.Path is required; it is empty.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1, "options.MaxBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, "options.MaxDepth");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChangesPerPlan, 1, "options.MaxChangesPerPlan");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxStringBytes, 1, "options.MaxStringBytes");
        if (options.WriteLockTimeout <= TimeSpan.Zero || options.WriteLockTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException("options.WriteLockTimeout", options.WriteLockTimeout, "JsonConfigStoreOptions.WriteLockTimeout must be more than 0 and at most 1 hour.");
        }
        _options = options;
        _path = System.IO.Path.GetFullPath(options.Path);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the full path of the JSON file.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public ValueTask<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var loaded = Load();
        var values = JsonPlanner.FlattenScalars(loaded.Model);
        return ValueTask.FromResult(new ConfigSnapshot(loaded.Version, loaded.Model.Text, values));
    }

    /// <inheritdoc/>
    public ValueTask<ConfigEditPlan> PlanAsync(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        CheckChanges(changes);
        var loaded = Load();
        byte[] body;
        List<ConfigChange> effective;
        try
        {
            (body, effective) = JsonPlanner.Plan(loaded.Model, changes, _path, _options.MaxDepth, _options.MaxStringBytes);
        }
        catch (ConfigStoreException ex)
        {
            Log.ConfigRefused(_logger, _path, ex.Error);
            throw;
        }

        byte[] bytes = loaded.HasBom ? [.. Bom, .. body] : body;
        if (bytes.Length > _options.MaxBytes)
        {
            throw new ConfigStoreException(ConfigStoreError.TooLarge, _path, Inv($"The edited configuration file '{_path}' would be {bytes.Length} bytes, more than the {_options.MaxBytes} allowed; nothing was written."));
        }

        return ValueTask.FromResult(new ConfigEditPlan
        {
            Location = _path,
            BaseVersion = loaded.Version,
            NewVersion = effective.Count == 0 ? loaded.Version : AtomicFile.Version(bytes),
            NewContent = effective.Count == 0 ? loaded.Bytes : bytes,
            Changes = effective,
        });
    }

    /// <inheritdoc/>
    public async ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!string.Equals(plan.Location, _path, StringComparison.Ordinal))
        {
            throw new ArgumentException(Inv($"The plan is for '{plan.Location}', not for this store's file '{_path}'."), nameof(plan));
        }

        if (!string.Equals(AtomicFile.Version(plan.NewContent.Span), plan.NewVersion, StringComparison.Ordinal))
        {
            throw new ArgumentException(Inv($"The plan's content for '{_path}' does not have its stated version {plan.NewVersion}."), nameof(plan));
        }

        // A file that does not parse is never written, whoever made the plan.
        _ = Parse(plan.NewContent.ToArray(), out _);

        var gate = Locks.GetOrAdd(_path, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = CurrentVersion();
            if (!plan.HasChanges)
            {
                return new ConfigWriteResult { Status = ConfigWriteStatus.NoChange, Version = current, Message = Inv($"The plan changes nothing in '{_path}'; nothing was written.") };
            }

            if (!string.Equals(current, plan.BaseVersion, StringComparison.Ordinal))
            {
                return Conflict(plan.BaseVersion, current);
            }

            if (File.Exists(_path) && new FileInfo(_path).LinkTarget is not null)
            {
                throw new ConfigStoreException(ConfigStoreError.Unsupported, _path, Inv($"The configuration file '{_path}' is a symbolic link; point the path at the real file to let it be changed."));
            }

            string? found = null;
            bool written;
            try
            {
                written = AtomicFile.Replace(_path, plan.NewContent.Span, () =>
                {
                    found = CurrentVersion();
                    return string.Equals(found, plan.BaseVersion, StringComparison.Ordinal);
                }, _options.WriteLockTimeout, _options.ReplaceReadOnly);
            }
            catch (TimeoutException ex)
            {
                throw new ConfigStoreException(ConfigStoreError.Io, _path, ex.Message, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigStoreException(ConfigStoreError.Io, _path, Inv($"The configuration file '{_path}' could not be written: {ex.Message}"), ex);
            }

            if (!written)
            {
                return Conflict(plan.BaseVersion, found!);
            }

            Log.ConfigApplied(_logger, _path, plan.BaseVersion, plan.NewVersion, plan.Changes.Count);
            return new ConfigWriteResult
            {
                Status = ConfigWriteStatus.Applied,
                Version = plan.NewVersion,
                Message = Inv($"The configuration file '{_path}' was changed at {plan.Changes.Count} paths: {string.Join(", ", plan.Changes.Select(c => c.Path))}."),
            };
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc/>
    public ValueTask<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var removed = AtomicFile.RemoveOrphans(_path);
        if (removed > 0)
        {
            Log.OrphansRemoved(_logger, _path, removed);
        }

        return ValueTask.FromResult(removed);
    }

    private void CheckChanges(IReadOnlyList<ConfigChange> changes)
    {
        if (changes.Count == 0)
        {
            throw new ArgumentException("The plan has no changes; an empty plan is refused.", nameof(changes));
        }

        if (changes.Count > _options.MaxChangesPerPlan)
        {
            throw new ArgumentException(Inv($"The plan has {changes.Count} changes; at most {_options.MaxChangesPerPlan} are allowed in one plan."), nameof(changes));
        }

        var seen = new HashSet<string>(ConfigPathComparer.Instance);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            if (JsonPaths.TrySplit(change.Path, out var reason) is null)
            {
                throw new ArgumentException(reason, nameof(changes));
            }

            if (!seen.Add(change.Path))
            {
                throw new ArgumentException(Inv($"The plan changes the path '{change.Path}' more than once."), nameof(changes));
            }

            if (!change.RemoveKey)
            {
                var value = YamlScalars.Normalize(change.NewValue);
                if (value is null || (value is double d && !double.IsFinite(d)))
                {
                    throw new ArgumentException(Inv($"The new value of '{change.Path}' must be a bool, a whole number, a finite number or a string; it is {YamlScalars.Describe(change.NewValue)} ({change.NewValue?.GetType().Name ?? "null"})."), nameof(changes));
                }
            }
        }
    }

    private ConfigWriteResult Conflict(string expected, string found)
    {
        Log.ConfigConflict(_logger, _path, expected, found);
        return new ConfigWriteResult
        {
            Status = ConfigWriteStatus.Conflict,
            Version = found,
            Message = Inv($"The configuration file '{_path}' changed since planned (version {expected} expected, {found} found); nothing was written."),
        };
    }

    private Loaded Load()
    {
        var bytes = ReadBytes();
        try
        {
            var model = Parse(bytes, out var hasBom);
            return new Loaded(bytes, AtomicFile.Version(bytes), model, hasBom);
        }
        catch (ConfigStoreException ex)
        {
            Log.ConfigRefused(_logger, _path, ex.Error);
            throw;
        }
    }

    private JsonModel Parse(byte[] bytes, out bool hasBom)
    {
        if (bytes.Length > _options.MaxBytes)
        {
            throw TooLarge(bytes.Length);
        }

        hasBom = bytes.AsSpan().StartsWith(Bom);
        if (bytes.AsSpan().StartsWith((byte[])[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((byte[])[0xFE, 0xFF]))
        {
            throw new ConfigStoreException(ConfigStoreError.InvalidEncoding, _path, Inv($"The configuration file '{_path}' is UTF-16; only UTF-8 is accepted."));
        }

        var body = bytes.AsSpan(hasBom ? Bom.Length : 0);
        if (!Utf8.IsValid(body))
        {
            throw new ConfigStoreException(ConfigStoreError.InvalidEncoding, _path, Inv($"The configuration file '{_path}' is not valid UTF-8."));
        }

        return JsonModel.Parse(body.ToArray(), _path, _options.MaxDepth, _options.MaxStringBytes);
    }

    private byte[] ReadBytes()
    {
        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (stream.Length > _options.MaxBytes)
            {
                throw TooLarge(stream.Length);
            }

            var buffer = new byte[(int)stream.Length + 1];
            var total = 0;
            int read;
            while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
                if (total == buffer.Length)
                {
                    if (total > _options.MaxBytes)
                    {
                        throw TooLarge(total);
                    }

                    Array.Resize(ref buffer, Math.Min(_options.MaxBytes + 1, buffer.Length * 2));
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        catch (FileNotFoundException) when (_options.AllowMissingFile)
        {
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigStoreException(ConfigStoreError.Io, _path, Inv($"The configuration file '{_path}' could not be read: {ex.Message}"), ex);
        }
    }

    private string CurrentVersion() => AtomicFile.Version(ReadBytes());

    private ConfigStoreException TooLarge(long length) =>
        new(ConfigStoreError.TooLarge, _path, Inv($"The configuration file '{_path}' is {length} bytes or more; at most {_options.MaxBytes} are accepted."));


    private sealed record Loaded(byte[] Bytes, string Version, JsonModel Model, bool HasBom);
}
