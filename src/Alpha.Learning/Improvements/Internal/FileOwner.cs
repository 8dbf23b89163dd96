using System.Runtime.InteropServices;

using Microsoft.Win32.SafeHandles;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// Reads a file's owner and group and gives them to a new file, so that replacing a configuration (as root, say)
/// never leaves it owned by someone the agent is not. .NET has no API for either; this reads them with
/// <c>stat(2)</c> on Linux (x64 and arm64 layouts) and sets them with <c>fchown(2)</c>. Elsewhere it does nothing.
/// </summary>
internal static class FileOwner
{
    /// <summary>A file's user and group ids.</summary>
    internal readonly record struct Ids(uint User, uint Group);

    /// <summary>Gets the owner and group of a file, or <see langword="null"/> where this platform's layout is not known.</summary>
    public static Ids? Get(string path)
    {
        var offsets = Offsets();
        if (offsets is not { } at)
        {
            return null;
        }

        var buffer = new byte[256];
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        try
        {
            if (NativeMethods.stat(bytes, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // A C library older than glibc 2.33 exports stat only as __xstat: the ids are not kept there.
        }

        return new Ids(BitConverter.ToUInt32(buffer, at.User), BitConverter.ToUInt32(buffer, at.Group));
    }

    /// <summary>Gives a new file the ids, when they differ from its own; failing to do so is an error (the file would change hands).</summary>
    /// <exception cref="UnauthorizedAccessException">The process may not give the file that owner or group.</exception>
    public static void Set(SafeFileHandle handle, Ids ids, string original)
    {
        var fd = (int)handle.DangerousGetHandle();
        if (NativeMethods.fchown(fd, ids.User, ids.Group) != 0)
        {
            var error = Marshal.GetLastPInvokeError();

            // EPERM (1): not root and the ids are not ours. When the file is ours already nothing changes hands.
            if (Environment.IsPrivilegedProcess || !IsOwn(ids))
            {
                throw new UnauthorizedAccessException(FormattableString.Invariant(
                    $"The replacement of '{original}' could not be given its owner {ids.User}:{ids.Group} (error {error}); the file was not replaced, so it keeps its owner."));
            }
        }
    }

    /// <summary>Whether the original belongs to this process's user, so only its group could differ.</summary>
    private static bool IsOwn(Ids ids) => ids.User == NativeMethods.geteuid();

    private static (int User, int Group)? Offsets()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (28, 32),
            Architecture.Arm64 => (24, 28),
            _ => null,
        };
    }

    private static class NativeMethods
    {
        // DllImport (not LibraryImport): the source-generated stubs need unsafe code, which this project does not allow.
#pragma warning disable SYSLIB1054, CA5392, CA2101, IDE1006
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int stat(byte[] path, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int fchown(int fd, uint owner, uint group);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint geteuid();
#pragma warning restore SYSLIB1054, CA5392, CA2101, IDE1006
    }
}
