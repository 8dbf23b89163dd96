namespace Alpha.Learning.Alerts.Internal;

/// <summary>Alert states kept in memory (for a publisher without a store).</summary>
internal sealed class InMemoryAlertStateStore : IAlertStateStore
{
    private readonly Dictionary<string, AlertState> _states = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<IReadOnlyList<AlertState>> GetAlertStatesAsync(bool includeResolved, int limit = 1000, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<AlertState> list = [.. _states.Values.Where(s => includeResolved || s.Status == AlertStatus.Firing)
                .OrderBy(s => s.Status).ThenByDescending(s => s.LastSentAt).Take(limit)];
            return Task.FromResult(list);
        }
    }

    public Task<int> SaveAlertStatesAsync(IEnumerable<AlertState> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var count = 0;
        lock (_lock)
        {
            foreach (var state in states)
            {
                _states[state.Fingerprint] = state;
                count++;
            }
        }

        return Task.FromResult(count);
    }
}
