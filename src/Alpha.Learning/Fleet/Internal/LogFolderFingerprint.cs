using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// A cheap fingerprint of the log files under some paths (each file's path, size and time of last write; folders
/// searched recursively), so an instance reads its logs again only when they may have changed. Reads no file content.
/// </summary>
internal static class LogFolderFingerprint
{
    /// <summary>Returns the fingerprint, or <see langword="null"/> when there are no paths (a host's own log source: nothing to watch).</summary>
    public static string? Compute(IEnumerable<string> paths)
    {
        var text = new StringBuilder();
        var any = false;
        foreach (var path in paths)
        {
            any = true;
            try
            {
                if (File.Exists(path))
                {
                    Append(text, new FileInfo(path));
                }
                else if (Directory.Exists(path))
                {
                    var files = new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 });
                    foreach (var file in files.OrderBy(f => f.FullName, StringComparer.Ordinal))
                    {
                        Append(text, file);
                    }
                }
                else
                {
                    text.Append("missing ").Append(path).Append('\n');
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Cannot look: treat as changed, so the source is read again (and reports the problem itself).
                return null;
            }
        }

        return any ? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))) : null;
    }

    private static void Append(StringBuilder text, FileInfo file) =>
        text.Append(file.FullName).Append('|')
            .Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
