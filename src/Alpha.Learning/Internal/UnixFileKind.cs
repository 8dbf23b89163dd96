using System.Runtime.InteropServices;

namespace Alpha.Learning.Internal;

/// <summary>
/// Tells regular files from FIFOs, devices and sockets before anything opens them (opening a FIFO for reading blocks
/// in <c>open(2)</c> until a writer appears, and no cancellation reaches it there). .NET exposes no file type beyond
/// directory and link, so this calls <c>stat(2)</c> on Linux (x64 and arm64 layouts) and macOS; elsewhere every
/// existing non-directory reads as regular.
/// </summary>
internal static class UnixFileKind
{
    public static FileKind Of(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            try
            {
                if (info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } and not DirectoryInfo { Exists: true })
                {
                    return FileKind.DanglingLink;
                }
            }
            catch (IOException)
            {
                return FileKind.DanglingLink; // A loop of links, or too many levels.
            }
        }
        else if (!info.Exists && !Directory.Exists(path))
        {
            return FileKind.Missing;
        }

        if (Directory.Exists(path))
        {
            return FileKind.Directory;
        }

        if (Mode(path) is not { } mode)
        {
            return FileKind.Regular;
        }

        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    private static uint? Mode(string path)
    {
        int offset;
        int size;
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            (offset, size) = (24, 4);
        }
        else if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            (offset, size) = (16, 4);
        }
        else if (OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            (offset, size) = (4, 2);
        }
        else
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (NativeMethods.stat(System.Text.Encoding.UTF8.GetBytes(path + "\0"), buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null; // A C library older than glibc 2.33 exports stat only as __xstat.
        }

        return size == 4 ? BitConverter.ToUInt32(buffer, offset) : BitConverter.ToUInt16(buffer, offset);
    }

    private static class NativeMethods
    {
        // DllImport (not LibraryImport): the source-generated stubs need unsafe code, which this project does not allow.
#pragma warning disable SYSLIB1054, CA5392, CA2101, IDE1006
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int stat(byte[] path, byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392, CA2101, IDE1006
    }
}
