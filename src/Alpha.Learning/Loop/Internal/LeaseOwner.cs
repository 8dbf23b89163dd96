using System.Diagnostics;
using System.Globalization;

namespace Alpha.Learning.Loop.Internal;

/// <summary>
/// The owner names the loop writes in a lease and a cycle run, <c>host/process-id/instance</c>, and whether such a holder
/// is known to be gone: a process on this host that has ended (or whose id now belongs to a later process).
/// </summary>
internal static class LeaseOwner
{
    public static string Create() => string.Create(CultureInfo.InvariantCulture, $"{HostName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    public static string HostName => Environment.MachineName;

    public static bool TryParse(string? owner, out string host, out int processId)
    {
        host = string.Empty;
        processId = 0;
        if (string.IsNullOrEmpty(owner))
        {
            return false;
        }

        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out processId) || processId <= 0)
        {
            processId = 0;
            return false;
        }

        host = parts[0];
        return true;
    }

    /// <summary>
    /// Whether the holder is known dead: on this host, not this process, and no process with its id started before it took
    /// the lease. A holder on another host is never judged (its lease expires instead).
    /// </summary>
    public static bool IsDeadLocalHolder(string? owner, DateTimeOffset heldSince)
    {
        if (!TryParse(owner, out var host, out var pid)
            || !string.Equals(host, HostName, StringComparison.OrdinalIgnoreCase)
            || pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return true;
            }

            // A recycled id: the process with it now started after the holder took the lease (a second of slack for clock reading).
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero) > heldSince.AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
#pragma warning disable CA1031 // Anything else (no permission to look): not known dead, so the lease is left to expire.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }
}
