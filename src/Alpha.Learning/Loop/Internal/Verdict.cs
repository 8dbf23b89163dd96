using Alpha.Learning.Improvements;

namespace Alpha.Learning.Loop.Internal;

/// <summary>The verdict of one comparison, with the figures behind it.</summary>
internal readonly record struct Verdict(VerificationVerdict Value, double? PValue, double? Effect, long Before, long After, string Details);
