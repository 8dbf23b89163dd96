using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal.Executor;

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
