namespace Alpha.Learning.Tests.Logs;

/// <summary>Runs <see cref="LogSourceRobustnessTests"/> with no other test class at the same time.</summary>
[CollectionDefinition(nameof(LogSourceRobustnessTests), DisableParallelization = true)]
public sealed class LogSourceRobustnessRunsAlone;
