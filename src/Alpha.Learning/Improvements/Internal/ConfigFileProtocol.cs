using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Unicode;

using Alpha.Learning.Analysis;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// The apply protocol of a config file, one for every format (SAFETY.md): a size-capped read, UTF-8 and byte-order
/// mark handling, the format's pre-scan and parse, a plan checked for size, compare-and-swap on the file's hash
/// before and (under the cross-process lock) right before the rename, an atomic write that keeps the file's mode, no
/// write through a symbolic link, and removal of orphan temporary files after a crash. The format
/// (<see cref="IConfigFormat{TDocument}"/>) plans the changes.
/// </summary>
/// <typeparam name="TDocument">The format's parsed document.</typeparam>
internal sealed class ConfigFileProtocol<TDocument> : IConfigFileProtocol
    where TDocument : class
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly ConfigFileSettings _settings;
    private readonly IConfigFormat<TDocument> _format;
    private readonly ILogger _logger;

    // The versions of contents this store planned (parsed back and verified) recently: applying one of them needs no
    // second parse, since the plan's content is checked to have its version.
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    public ConfigFileProtocol(ConfigFileSettings options, IConfigFormat<TDocument> format, ILogger? logger)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException(Inv($"{options.OptionsName}.Path is required; it is empty."), nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1, "options.MaxBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChangesPerPlan, 1, "options.MaxChangesPerPlan");
        if (options.WriteLockTimeout <= TimeSpan.Zero || options.WriteLockTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException("options.WriteLockTimeout", options.WriteLockTimeout, Inv($"{options.OptionsName}.WriteLockTimeout must be more than 0 and at most 1 hour."));
        }

        _settings = options;
        _format = format;
        _logger = logger ?? NullLogger.Instance;
        Path = System.IO.Path.GetFullPath(options.Path);
    }

    /// <summary>Gets the full path of the file.</summary>
    public string Path { get; }

    public ConfigSnapshot Read(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var loaded = Load(changes: null);
        return new ConfigSnapshot(loaded.Version, _format.Text(loaded.Document), _format.Values(loaded.Document));
    }

    public ConfigEditPlan Plan(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        CheckChanges(changes);
        var loaded = Load(changes);
        byte[] body;
        List<ConfigChange> effective;
        try
        {
            (body, effective) = _format.Plan(loaded.Document, changes, Path);
        }
        catch (ConfigStoreException ex)
        {
            Log.ConfigRefused(_logger, Path, ex.Error);
            throw;
        }

        byte[] bytes = loaded.HasBom ? [.. Bom, .. body] : body;
        if (bytes.Length > _settings.MaxBytes)
        {
            throw new ConfigStoreException(ConfigStoreError.TooLarge, Path, Inv($"The edited configuration file '{Path}' would be {bytes.Length} bytes, more than the {_settings.MaxBytes} allowed; nothing was written."));
        }

        var version = effective.Count == 0 ? loaded.Version : AtomicFile.Version(bytes);
        if (_verified.Count >= 64)
        {
            _verified.Clear();
        }

        _verified[version] = true;
        return new ConfigEditPlan
        {
            Location = Path,
            BaseVersion = loaded.Version,
            NewVersion = version,
            NewContent = effective.Count == 0 ? loaded.Bytes : bytes,
            Changes = effective,
        };
    }

    public async ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!string.Equals(plan.Location, Path, StringComparison.Ordinal))
        {
            throw new ArgumentException(Inv($"The plan is for '{plan.Location}', not for this store's file '{Path}'."), nameof(plan));
        }

        if (!string.Equals(AtomicFile.Version(plan.NewContent.Span), plan.NewVersion, StringComparison.Ordinal))
        {
            throw new ArgumentException(Inv($"The plan's content for '{Path}' does not have its stated version {plan.NewVersion}."), nameof(plan));
        }

        // A file that does not parse is never written, whoever made the plan (this store's own plans were parsed back
        // and verified when they were made, and the content has the version checked above).
        if (!_verified.ContainsKey(plan.NewVersion))
        {
            _ = Parse(plan.NewContent.ToArray(), out _, changes: null);
        }

        var gate = Locks.GetOrAdd(Path, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = CurrentVersion();
            if (!plan.HasChanges)
            {
                return new ConfigWriteResult { Status = ConfigWriteStatus.NoChange, Version = current, Message = Inv($"The plan changes nothing in '{Path}'; nothing was written.") };
            }

            if (!string.Equals(current, plan.BaseVersion, StringComparison.Ordinal))
            {
                return Conflict(plan.BaseVersion, current);
            }

            if (File.Exists(Path) && new FileInfo(Path).LinkTarget is not null)
            {
                throw new ConfigStoreException(ConfigStoreError.Unsupported, Path, Inv($"The configuration file '{Path}' is a symbolic link; point the path at the real file to let it be changed."));
            }

            string? found = null;
            bool written;
            try
            {
                written = AtomicFile.Replace(Path, plan.NewContent.Span, () =>
                {
                    found = CurrentVersion();
                    return string.Equals(found, plan.BaseVersion, StringComparison.Ordinal);
                }, _settings.WriteLockTimeout, _settings.ReplaceReadOnly);
            }
            catch (TimeoutException ex)
            {
                throw new ConfigStoreException(ConfigStoreError.Io, Path, ex.Message, ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigStoreException(ConfigStoreError.Io, Path, Inv($"The configuration file '{Path}' could not be written: {ex.Message}"), ex);
            }

            if (!written)
            {
                return Conflict(plan.BaseVersion, found!);
            }

            Log.ConfigApplied(_logger, Path, plan.BaseVersion, plan.NewVersion, plan.Changes.Count);
            return new ConfigWriteResult
            {
                Status = ConfigWriteStatus.Applied,
                Version = plan.NewVersion,
                Message = Inv($"The configuration file '{Path}' was changed at {plan.Changes.Count} paths: {string.Join(", ", plan.Changes.Select(c => c.Path))}."),
            };
        }
        finally
        {
            gate.Release();
        }
    }

    public int Recover(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var removed = AtomicFile.RemoveOrphans(Path);
        if (removed > 0)
        {
            Log.OrphansRemoved(_logger, Path, removed);
        }

        return removed;
    }

    private void CheckChanges(IReadOnlyList<ConfigChange> changes)
    {
        if (changes.Count == 0)
        {
            throw new ArgumentException("The plan has no changes; an empty plan is refused.", nameof(changes));
        }

        if (changes.Count > _settings.MaxChangesPerPlan)
        {
            throw new ArgumentException(Inv($"The plan has {changes.Count} changes; at most {_settings.MaxChangesPerPlan} are allowed in one plan."), nameof(changes));
        }

        var seen = new HashSet<string>(_format.PathComparer);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            if (_format.TrySplit(change.Path, out var reason) is null)
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
        Log.ConfigConflict(_logger, Path, expected, found);
        return new ConfigWriteResult
        {
            Status = ConfigWriteStatus.Conflict,
            Version = found,
            Message = Inv($"The configuration file '{Path}' changed since planned (version {expected} expected, {found} found); nothing was written."),
        };
    }

    private Loaded Load(IReadOnlyList<ConfigChange>? changes)
    {
        var bytes = ReadBytes();
        try
        {
            var document = Parse(bytes, out var hasBom, changes);
            return new Loaded(bytes, AtomicFile.Version(bytes), document, hasBom);
        }
        catch (ConfigStoreException ex)
        {
            Log.ConfigRefused(_logger, Path, ex.Error);
            throw;
        }
    }

    private TDocument Parse(byte[] bytes, out bool hasBom, IReadOnlyList<ConfigChange>? changes)
    {
        if (bytes.Length > _settings.MaxBytes)
        {
            throw TooLarge(bytes.Length);
        }

        hasBom = bytes.AsSpan().StartsWith(Bom);
        if (bytes.AsSpan().StartsWith((byte[])[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((byte[])[0xFE, 0xFF]))
        {
            throw new ConfigStoreException(ConfigStoreError.InvalidEncoding, Path, Inv($"The configuration file '{Path}' is UTF-16; only UTF-8 is accepted."));
        }

        var body = bytes.AsSpan(hasBom ? Bom.Length : 0);
        if (!Utf8.IsValid(body))
        {
            throw new ConfigStoreException(ConfigStoreError.InvalidEncoding, Path, Inv($"The configuration file '{Path}' is not valid UTF-8."));
        }

        return _format.Parse(hasBom ? body.ToArray() : bytes, Path, changes);
    }

    private byte[] ReadBytes()
    {
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (stream.Length > _settings.MaxBytes)
            {
                throw TooLarge(stream.Length);
            }

            // One buffer of the file's size; a file that grows while it is read is read on into a larger one.
            var buffer = new byte[(int)stream.Length];
            var total = 0;
            Span<byte> probe = stackalloc byte[1];
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (stream.Read(probe) == 0)
                    {
                        return buffer;
                    }

                    if (total + 1 > _settings.MaxBytes)
                    {
                        throw TooLarge(total + 1);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(_settings.MaxBytes + 1L, Math.Max(4096L, buffer.Length * 2L)));
                    buffer[total++] = probe[0];
                    continue;
                }

                var read = stream.Read(buffer, total, buffer.Length - total);
                if (read == 0)
                {
                    return total == buffer.Length ? buffer : buffer.AsSpan(0, total).ToArray();
                }

                total += read;
            }
        }
        catch (FileNotFoundException) when (_settings.AllowMissingFile)
        {
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigStoreException(ConfigStoreError.Io, Path, Inv($"The configuration file '{Path}' could not be read: {ex.Message}"), ex);
        }
    }

    /// <summary>The version (SHA-256) of the file as it is now, read through a pooled buffer; a file over the size cap is refused as a read would be.</summary>
    private string CurrentVersion()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > _settings.MaxBytes)
                {
                    throw TooLarge(total);
                }

                hash.AppendData(buffer, 0, read);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (FileNotFoundException) when (_settings.AllowMissingFile)
        {
            return AtomicFile.Version([]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigStoreException(ConfigStoreError.Io, Path, Inv($"The configuration file '{Path}' could not be read: {ex.Message}"), ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }


    private ConfigStoreException TooLarge(long length) =>
        new(ConfigStoreError.TooLarge, Path, Inv($"The configuration file '{Path}' is {length} bytes or more; at most {_settings.MaxBytes} are accepted."));


    private sealed record Loaded(byte[] Bytes, string Version, TDocument Document, bool HasBom);
}
