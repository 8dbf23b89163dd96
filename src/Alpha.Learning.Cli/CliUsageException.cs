namespace Alpha.Learning.Cli;

/// <summary>A usage error found after parsing (conflicting options): exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
