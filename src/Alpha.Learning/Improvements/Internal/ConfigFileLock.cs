using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// A cross-process advisory lock on a configuration file: an exclusive <c>flock(2)</c> on a lock file beside it
/// (<c>.&lt;name&gt;.lock</c>, 0600, never opened through a link). Every writer of the file takes it around the last
/// re-check of the file's version and the rename, so no other process can rename in between. Held for
/// milliseconds; a writer that cannot get it within the timeout gets a clear error and writes nothing.
/// </summary>
internal sealed class ConfigFileLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockUnlock = 8;

    private readonly FileStream _stream;

    private ConfigFileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of a configuration file.</summary>
    public static string LockPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".lock");

    /// <summary>Takes the lock, polling until <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Another process held the lock for the whole timeout.</exception>
    /// <exception cref="IOException">The lock file is a link or cannot be opened.</exception>
    public static ConfigFileLock Acquire(string path, TimeSpan timeout)
    {
        var lockPath = LockPath(path);
        if (new FileInfo(lockPath).LinkTarget is not null)
        {
            throw new IOException(FormattableString.Invariant($"The lock file '{lockPath}' is a symbolic link; it is never opened through a link. Remove it."));
        }

        var unix = !OperatingSystem.IsWindows();
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,

            // The share mode is the lock on Windows, and on Unix .NET takes flock(LOCK_EX | LOCK_NB) for it; that can be
            // switched off by an environment variable (DOTNET_SYSTEM_IO_DISABLEFILELOCKING), so an explicit flock(2)
            // follows (a no-op when .NET already holds it).
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (unix)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var started = Stopwatch.GetTimestamp();
        var delay = 1;
        while (true)
        {
            FileStream? stream = null;
            try
            {
                stream = new FileStream(lockPath, options);
                if (!unix || NativeMethods.flock((int)stream.SafeFileHandle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0)
                {
                    var taken = new ConfigFileLock(stream);
                    stream = null;
                    return taken;
                }
            }
            catch (IOException)
            {
                // Held by another writer (a sharing violation): wait and try again.
            }
            finally
            {
                stream?.Dispose();
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException(FormattableString.Invariant(
                    $"Another process held the write lock '{lockPath}' of '{path}' for longer than {timeout.TotalSeconds:0.###} s; nothing was written. Try again, or raise the write lock timeout (YamlConfigStoreOptions.WriteLockTimeout)."));
            }

            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 50);
        }
    }

    /// <summary>Releases the lock (closing the file releases it too, also when the process dies).</summary>
    public void Dispose()
    {
        if (!OperatingSystem.IsWindows() && !_stream.SafeFileHandle.IsClosed)
        {
            _ = NativeMethods.flock((int)_stream.SafeFileHandle.DangerousGetHandle(), LockUnlock);
        }

        _stream.Dispose();
    }

    private static class NativeMethods
    {
        // DllImport (not LibraryImport): the source-generated stubs need unsafe code, which this project does not allow.
#pragma warning disable SYSLIB1054, CA5392, IDE1006
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int flock(int fd, int operation);
#pragma warning restore SYSLIB1054, CA5392, IDE1006
    }
}
