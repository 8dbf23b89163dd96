namespace HostedAgent;

/// <summary>The host's own settings, bound from agent.yaml — the file Alpha.Learning improves.</summary>
public sealed class AgentSettings
{
    public Dictionary<string, ToolSettings> Tools { get; set; } = [];

    public Dictionary<string, string> ModelRouting { get; set; } = [];
}
