namespace Alpha.Learning.Cli;

/// <summary>Bad input (a missing file, an unreadable config): exit code 1.</summary>
internal sealed class CliInputException(string message) : Exception(message);
