namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Ordinal string comparison for task ids that keeps the hash of the last instance it hashed: the built-in detectors
/// of one analysis share one (<see cref="AnalysisContext.TaskIds"/>), and each looks up the same event's task id in
/// its own open-task table in turn, so the id is hashed once per event, not once per table. Strings are immutable and
/// the kept reference keeps the instance alive, so a kept hash is always that string's hash. Not thread-safe, like
/// the sessions that use it.
/// </summary>
internal sealed class TaskIdComparer : IEqualityComparer<string>
{
    private string? _last;
    private int _lastHash;

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        if (ReferenceEquals(obj, _last))
        {
            return _lastHash;
        }

        var hash = string.GetHashCode(obj, StringComparison.Ordinal);
        _last = obj;
        _lastHash = hash;
        return hash;
    }
}
