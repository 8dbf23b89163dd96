using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Atomic replacement of a file: a new temporary file beside it (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>, created with
/// <see cref="FileMode.CreateNew"/> so a planted link is never followed), written, flushed to disk, given the
/// original file's mode, renamed over the file, then the folder synced. A crash leaves the old or the new file,
/// and at worst an orphan temporary file that <see cref="RemoveOrphans"/> deletes.
/// </summary>
internal static partial class AtomicFile
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
    private const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string Version(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// Replaces the file when <paramref name="stillExpected"/> (checked after the temporary file is on disk, right
    /// before the rename, under the cross-process <see cref="ConfigFileLock"/>) says so. The new file gets the old
    /// one's mode and, where the process may set them, its owner and group. A read-only file (no owner write bit) is
    /// refused unless <paramref name="replaceReadOnly"/>.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="stillExpected"/> refused; nothing was changed.</returns>
    /// <exception cref="UnauthorizedAccessException">The file is read-only and <paramref name="replaceReadOnly"/> is not set.</exception>
    /// <exception cref="TimeoutException">Another process held the write lock for the whole <paramref name="lockTimeout"/>.</exception>
    public static bool Replace(string path, ReadOnlySpan<byte> content, Func<bool> stillExpected, TimeSpan lockTimeout, bool replaceReadOnly = false)
    {
        var folder = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(folder, TempName(Path.GetFileName(path)));
        var unix = !OperatingSystem.IsWindows();
        UnixFileMode? mode = null;
        FileOwner.Ids? owner = null;
        if (unix && File.Exists(path))
        {
            mode = File.GetUnixFileMode(path);
            owner = FileOwner.Get(path);
            if ((mode & UnixFileMode.UserWrite) == 0 && !replaceReadOnly)
            {
                throw new UnauthorizedAccessException(FormattableString.Invariant(
                    $"The file '{path}' is read-only (mode {Convert.ToString((int)mode, 8)}); it is not replaced unless replacing read-only files is allowed (YamlConfigStoreOptions.ReplaceReadOnly, --replace-read-only)."));
            }
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (unix)
        {
            options.UnixCreateMode = DefaultMode;
        }

        var renamed = false;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                if (unix)
                {
                    // Owner first: chown clears the set-id bits, so the mode is set after it.
                    if (owner is { } ids)
                    {
                        FileOwner.Set(stream.SafeFileHandle, ids, path);
                    }

                    File.SetUnixFileMode(stream.SafeFileHandle, mode ?? DefaultMode);
                }

                stream.Flush(flushToDisk: true);
            }

            using (ConfigFileLock.Acquire(path, lockTimeout))
            {
                if (!stillExpected())
                {
                    return false;
                }

                File.Move(temp, path, overwrite: true);
                renamed = true;
            }

            if (unix)
            {
                SyncFolder(folder);
            }

            return true;
        }
        finally
        {
            if (!renamed)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>Deletes the temporary files interrupted writes of this file left behind.</summary>
    public static int RemoveOrphans(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var candidate in Directory.EnumerateFiles(folder, "." + name + ".*.tmp"))
        {
            if (IsTempName(name, Path.GetFileName(candidate)))
            {
                File.Delete(candidate);
                removed++;
            }
        }

        return removed;
    }

    public static bool IsTempName(string name, string candidate)
    {
        var prefix = "." + name + ".";
        if (!candidate.StartsWith(prefix, StringComparison.Ordinal) || !candidate.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return false;
        }

        var random = candidate.AsSpan(prefix.Length, candidate.Length - prefix.Length - 4);
        return random.Length == 16 && !random.ContainsAnyExcept(LowerHex);
    }

    private static string TempName(string name) =>
        "." + name + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void SyncFolder(string folder)
    {
        // .NET cannot open a directory as a stream; open(2)/fsync(2) it directly. A failure here does not undo
        // the rename (it happened); it only means the rename may not have reached the disk yet.
        var bytes = System.Text.Encoding.UTF8.GetBytes(folder + "\0");
        var fd = NativeMethods.open(bytes, 0);
        if (fd < 0)
        {
            return;
        }

        _ = NativeMethods.fsync(fd);
        _ = NativeMethods.close(fd);
    }

    private static class NativeMethods
    {
        // DllImport (not LibraryImport): the source-generated stubs need unsafe code, which this project does not allow.
#pragma warning disable SYSLIB1054, CA5392, CA2101, IDE1006
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054, CA5392, CA2101, IDE1006
    }
}
