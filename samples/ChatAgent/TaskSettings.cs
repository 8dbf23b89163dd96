namespace ChatAgent;

public sealed class TaskSettings
{
    public double TimeoutSeconds { get; set; } = 30;
}
