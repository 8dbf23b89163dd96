namespace Alpha.Learning.Fleet.Internal;

/// <summary>The fleet's merged evidence, the instances it came from, and what was left out and why.</summary>
internal sealed record FleetMerge(FleetEvidence Evidence, IReadOnlyList<string> Instances, IReadOnlyList<string> Notes);
