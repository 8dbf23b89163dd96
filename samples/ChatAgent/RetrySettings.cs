namespace ChatAgent;

public sealed class RetrySettings
{
    public int MaxRetryAttempts { get; set; }

    public double DelaySeconds { get; set; } = 1;
}
