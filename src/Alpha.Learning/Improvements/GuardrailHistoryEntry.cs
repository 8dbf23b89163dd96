namespace Alpha.Learning.Improvements;

/// <summary>
/// One earlier change of a configuration path, as the guardrails need it for cooldowns, same-direction limits
/// and oscillation. The learning store keeps this history (its <c>PathChange</c> rows map one to one).
/// </summary>
public sealed class GuardrailHistoryEntry
{
    /// <summary>Gets when the change was written.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the value before the change (<see langword="null"/> when the key was absent).</summary>
    public object? OldValue { get; init; }

    /// <summary>Gets the value after the change (<see langword="null"/> when the key was removed).</summary>
    public object? NewValue { get; init; }

    /// <summary>Gets whether the change reverted an improvement (a rollback). The default value is <see langword="false"/>.</summary>
    public bool IsRollback { get; init; }
}
