using System.Security.Cryptography;
using System.Text;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>The backups taken before every write: the bytes a plan replaces, in a new 0600 file, never through a link.</summary>
internal sealed class ConfigBackups(ExecutorContext context)
{
    /// <summary>Copies the bytes the plan replaces to a new file (0600, created new, never through a link) after checking they still have the plan's base version.</summary>
    /// <exception cref="PlanConflictException">The configuration no longer has the plan's base version.</exception>
    public async Task<string> BackupAsync(ConfigEditPlan plan, string name, CancellationToken cancellationToken)
    {
        if (new FileInfo(plan.Location).LinkTarget is not null)
        {
            // Refused before any backup is taken: the store never writes through a link either.
            throw new ConfigStoreException(ConfigStoreError.Unsupported, plan.Location, Inv($"The configuration file '{plan.Location}' is a symbolic link; point the path at the real file to let it be changed. No backup was taken and nothing was written."));
        }

        byte[] old;
        string extension;
        if (File.Exists(plan.Location))
        {
            old = await File.ReadAllBytesAsync(plan.Location, cancellationToken).ConfigureAwait(false);
            extension = Path.GetExtension(plan.Location);
        }
        else
        {
            var snapshot = await context.ConfigStore.ReadAsync(cancellationToken).ConfigureAwait(false);
            old = Encoding.UTF8.GetBytes(snapshot.Text);
            if (!string.Equals(snapshot.Version, plan.BaseVersion, StringComparison.Ordinal))
            {
                throw new PlanConflictException();
            }

            extension = ".txt";
        }

        if (File.Exists(plan.Location) && !string.Equals(Convert.ToHexStringLower(SHA256.HashData(old)), plan.BaseVersion, StringComparison.Ordinal))
        {
            throw new PlanConflictException();
        }

        var folder = BackupFolder(plan.Location);
        var unix = !OperatingSystem.IsWindows();
        if (unix)
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        if (new DirectoryInfo(folder).LinkTarget is not null)
        {
            throw new IOException(Inv($"The backup folder '{folder}' is a symbolic link; backups are never written through a link."));
        }

        var stamp = context.Now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(folder, Inv($"{Path.GetFileNameWithoutExtension(plan.Location)}.{stamp}.{name}{extension}.bak"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (unix)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                if (unix)
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                await stream.WriteAsync(old, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        catch
        {
            // A full disk or a cancelled write leaves a short or empty backup: never keep one.
            TryDelete(path);
            throw;
        }

        return path;
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover backup of an unchanged file does no harm.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private string BackupFolder(string location)
    {
        if (!string.IsNullOrWhiteSpace(context.Options.BackupDirectory))
        {
            return Path.GetFullPath(context.Options.BackupDirectory);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(location)) ?? Directory.GetCurrentDirectory();
        var parent = Path.Combine(folder, ".alpha-learning");
        if (Directory.Exists(parent) && new DirectoryInfo(parent).LinkTarget is not null)
        {
            throw new IOException(Inv($"The folder '{parent}' is a symbolic link; backups are never written through a link."));
        }

        return Path.Combine(parent, "backups");
    }
}
