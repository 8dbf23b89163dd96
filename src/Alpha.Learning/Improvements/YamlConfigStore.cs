using System.Collections.Concurrent;
using System.Text;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements;

/// <summary>
/// The default <see cref="IConfigStore"/>: a YAML file edited surgically. Each change is spliced into the original
/// text, so comments, key order, quoting, line endings and a byte-order mark survive; new keys go at the end of
/// their block mapping with its indentation. The result is parsed again and checked before it is written, and
/// written atomically. Hostile files (too large, anchors or aliases, tags, too deep, duplicate keys) are refused
/// with a <see cref="ConfigStoreException"/> by a cheap pre-scan before any deep parse.
/// </summary>
/// <remarks>
/// Numbers are written in their shortest round-trip form (a double keeps a decimal point), so a rollback restores
/// the original bytes unless the original spelled a number unusually (for example <c>30.50</c> or <c>1e3</c>).
/// A symbolic link at <see cref="YamlConfigStoreOptions.Path"/> is refused for writes. Writes from one process
/// are serialised; across processes, the compare-and-swap on the version detects concurrent writers.
/// </remarks>
public sealed class YamlConfigStore : IConfigStore
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly YamlConfigStoreOptions _options;
    private readonly string _path;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="YamlConfigStore"/> class.</summary>
    /// <param name="options">The options; <see cref="YamlConfigStoreOptions.Path"/> is required.</param>
    /// <param name="logger">The logger, if any.</param>
    public YamlConfigStore(YamlConfigStoreOptions options, ILogger<YamlConfigStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("YamlConfigStoreOptions.Path is required; it is empty.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1, "options.MaxBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, "options.MaxDepth");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChangesPerPlan, 1, "options.MaxChangesPerPlan");
        if (options.WriteLockTimeout <= TimeSpan.Zero || options.WriteLockTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException("options.WriteLockTimeout", options.WriteLockTimeout, "YamlConfigStoreOptions.WriteLockTimeout must be more than 0 and at most 1 hour.");
        }

        _options = options;
        _path = System.IO.Path.GetFullPath(options.Path);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the full path of the YAML file.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public ValueTask<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var loaded = Load();
        var values = YamlPlanner.Flatten(loaded.Model, '.', skipDottedKeys: true);
        return ValueTask.FromResult(new ConfigSnapshot(loaded.Version, loaded.Model.Text, values));
    }

    /// <inheritdoc/>
    public ValueTask<ConfigEditPlan> PlanAsync(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        CheckChanges(changes);
        var loaded = Load();
        string text;
        List<ConfigChange> effective;
        try
        {
            (text, effective) = YamlPlanner.Plan(loaded.Model, changes, _path, _options.MaxDepth);
        }
        catch (ConfigStoreException ex)
        {
            Log.ConfigRefused(_logger, _path, ex.Error);
            throw;
        }

        var bytes = Encode(text, loaded.HasBom);
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

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            if (ConfigPaths.TrySplit(change.Path, out var reason) is null)
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

    private YamlModel Parse(byte[] bytes, out bool hasBom)
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

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes.AsSpan(hasBom ? Bom.Length : 0));
        }
        catch (DecoderFallbackException ex)
        {
            throw new ConfigStoreException(ConfigStoreError.InvalidEncoding, _path, Inv($"The configuration file '{_path}' is not valid UTF-8."), ex);
        }

        return YamlModel.Parse(text, _path, _options.MaxDepth);
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

    private static byte[] Encode(string text, bool bom)
    {
        var body = StrictUtf8.GetBytes(text);
        return bom ? [.. Bom, .. body] : body;
    }


    private sealed record Loaded(byte[] Bytes, string Version, YamlModel Model, bool HasBom);
}
