using Alpha.Learning.Analysis;

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

/// <summary>Compares an improvement's changes with a snapshot.</summary>
internal static class ChangesInFileCheck
{
    public static ChangesInFile Of(IReadOnlyList<ConfigChange> changes, ConfigSnapshot snapshot)
    {
        bool allNew = true, allOld = true;
        foreach (var change in changes)
        {
            var present = snapshot.TryGetValue(change.Path, out var current);
            var isNew = change.RemoveKey ? !present : present && Same(current, change.NewValue);
            var isOld = change.OldValue is null ? !present : present && Same(current, change.OldValue);
            allNew &= isNew;
            allOld &= isOld;
        }

        return allNew && !allOld ? ChangesInFile.New : allOld && !allNew ? ChangesInFile.Old : ChangesInFile.Mixed;
    }

    private static bool Same(object? a, object? b) => YamlScalars.ValueEquals(YamlScalars.Normalize(a), YamlScalars.Normalize(b));
}
