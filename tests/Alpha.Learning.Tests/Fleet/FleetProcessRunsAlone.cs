namespace Alpha.Learning.Tests.Fleet;

/// <summary>
/// Runs <see cref="FleetProcessTests"/> with no other test class at the same time: its four child processes and the
/// PostgreSQL server get the machine, so its runtime measures the fleet, not the rest of the suite.
/// </summary>
[CollectionDefinition(nameof(FleetProcessTests), DisableParallelization = true)]
public sealed class FleetProcessRunsAlone;
