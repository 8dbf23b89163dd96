namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The fleet's merged evidence, the instances it came from, what was left out and why, and per applied improvement
/// awaiting a verdict the instances' own measures of it (merged by the verification step, which knows the windows).
/// </summary>
internal sealed record FleetMerge(
    FleetEvidence Evidence,
    IReadOnlyList<string> Instances,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, List<(string Instance, FleetOutcome Outcome)>> Outcomes);
