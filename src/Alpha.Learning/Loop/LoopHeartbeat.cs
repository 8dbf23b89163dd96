using System.Text.Json;

using Alpha.Learning.Loop.Internal;

namespace Alpha.Learning.Loop;

/// <summary>
/// The heartbeat a scheduled <see cref="FeedbackLoop"/> keeps in the learning store (written when it starts and after
/// every cycle, removed when it stops), so that <c>alpha-learn status</c> tells whether a loop is running and when its
/// next cycle is due.
/// </summary>
public sealed class LoopHeartbeat
{
    /// <summary>The loop-state key holding the heartbeat.</summary>
    public const string StateKey = "loop.heartbeat";

    /// <summary>Gets the loop's owner name (<c>host/process-id/instance</c>).</summary>
    public required string Owner { get; init; }

    /// <summary>Gets when the heartbeat was written.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets when the loop's next cycle is due, or <see langword="null"/> while it is paused.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Gets the host of the loop, or <see langword="null"/> when the owner has another form.</summary>
    public string? Host => LeaseOwner.TryParse(Owner, out var host, out _) ? host : null;

    /// <summary>Gets the process id of the loop on <see cref="Host"/>, or <see langword="null"/>.</summary>
    public int? ProcessId => LeaseOwner.TryParse(Owner, out _, out var pid) ? pid : null;

    /// <summary>
    /// Tells whether the loop still runs: on this host, whether its process lives; on another host, whether its next run
    /// is not overdue by more than <paramref name="grace"/> (a loop writes a heartbeat after every cycle).
    /// </summary>
    /// <param name="now">The current instant.</param>
    /// <param name="grace">How long past its due time a loop on another host is still taken as running.</param>
    /// <returns><see langword="true"/> when it runs.</returns>
    public bool IsRunning(DateTimeOffset now, TimeSpan grace)
    {
        if (LeaseOwner.TryParse(Owner, out var host, out _) && string.Equals(host, LeaseOwner.HostName, StringComparison.OrdinalIgnoreCase))
        {
            return !LeaseOwner.IsDeadLocalHolder(Owner, At);
        }

        return NextRunAt is not { } due || now <= due + grace;
    }

    /// <summary>Reads the heartbeat from a store.</summary>
    /// <param name="store">The learning store.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>The heartbeat, or <see langword="null"/> when no scheduled loop wrote one (or it stopped).</returns>
    public static async Task<LoopHeartbeat?> ReadAsync(IStateStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = await store.GetStateAsync(StateKey, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new LoopHeartbeat
            {
                Owner = root.GetProperty("owner").GetString() ?? string.Empty,
                At = root.GetProperty("at").GetDateTimeOffset(),
                NextRunAt = root.TryGetProperty("nextRunAt", out var next) && next.ValueKind == JsonValueKind.String ? next.GetDateTimeOffset() : null,
            };
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Tells whether a cycle recorded as running was in fact interrupted: its runner is a process on this host that has
    /// ended, or it no longer holds the cycle lease (expired or taken by another).
    /// </summary>
    /// <param name="run">The cycle.</param>
    /// <param name="lease">The cycle lease as stored, or <see langword="null"/>.</param>
    /// <param name="now">The current instant.</param>
    /// <returns><see langword="true"/> when the cycle will never finish by itself.</returns>
    public static bool IsInterrupted(CycleRun run, LearningStoreLease? lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status == CycleRunStatus.Interrupted)
        {
            return true;
        }

        if (run.Status != CycleRunStatus.Running)
        {
            return false;
        }

        return LeaseOwner.IsDeadLocalHolder(run.Owner, run.StartedAt)
            || lease is null || !string.Equals(lease.Owner, run.Owner, StringComparison.Ordinal) || lease.ExpiresAt <= now;
    }

    internal static Task WriteAsync(IStateStore store, string owner, DateTimeOffset at, DateTimeOffset? nextRunAt, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("owner", owner);
            writer.WriteString("at", at.ToUniversalTime());
            if (nextRunAt is { } next)
            {
                writer.WriteString("nextRunAt", next.ToUniversalTime());
            }

            writer.WriteEndObject();
        }

        return store.SetStateAsync(StateKey, System.Text.Encoding.UTF8.GetString(buffer.ToArray()), at, cancellationToken);
    }
}
