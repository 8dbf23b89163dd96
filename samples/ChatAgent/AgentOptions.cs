namespace ChatAgent;

/// <summary>The agent's settings (the <c>Agent</c> section of appsettings.json), read through <c>IOptionsMonitor</c>.</summary>
public sealed class AgentOptions
{
    public Dictionary<string, TaskSettings> Tasks { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, RetrySettings> Retry { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Routing { get; } = new(StringComparer.OrdinalIgnoreCase);
}
