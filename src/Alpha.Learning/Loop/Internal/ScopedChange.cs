using Alpha.Learning.Analysis;

namespace Alpha.Learning.Loop.Internal;

/// <summary>A change with a scope, in effect from <paramref name="AppliedAt"/> until <paramref name="RolledBackAt"/> (or still).</summary>
internal readonly record struct ScopedChange(string Id, RecommendationScope Scope, DateTimeOffset AppliedAt, DateTimeOffset? RolledBackAt);
