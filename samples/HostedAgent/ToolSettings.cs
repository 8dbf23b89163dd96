namespace HostedAgent;

public sealed class ToolSettings
{
    public double Timeout { get; set; } = 10;

    public bool CacheResults { get; set; }
}
