namespace Alpha.Learning.Improvements.Internal.Executor;

/// <summary>Whether a configuration holds an improvement's changes, judged path by path (for when its whole-file hash no longer tells).</summary>
internal enum ChangesInFile
{
    /// <summary>Every path has the value the improvement wrote (or is absent where it removed the key).</summary>
    New,

    /// <summary>Every path has the value it had before the improvement (or is absent where the improvement added it).</summary>
    Old,

    /// <summary>Some paths one way, some the other, or other values: only a person can tell.</summary>
    Mixed,
}
