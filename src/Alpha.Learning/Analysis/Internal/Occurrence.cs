namespace Alpha.Learning.Analysis.Internal;

/// <summary>First/last seen and a count, as a mutable struct-like holder.</summary>
internal sealed class Occurrence
{
    private DateTimeOffset _first;
    private DateTimeOffset _last;
    private bool _any;

    public long Count { get; private set; }

    public DateTimeOffset First => _first;

    public DateTimeOffset Last => _last;

    public void Add(DateTimeOffset at)
    {
        Count++;
        DetectorSupport.Seen(ref _first, ref _last, ref _any, at);
    }

    /// <summary>Adds <paramref name="count"/> occurrences seen between <paramref name="first"/> and <paramref name="last"/> (another part's, in a merge or a read).</summary>
    public void Add(long count, DateTimeOffset first, DateTimeOffset last)
    {
        if (count <= 0)
        {
            return;
        }

        Count += count;
        DetectorSupport.Seen(ref _first, ref _last, ref _any, first);
        DetectorSupport.Seen(ref _first, ref _last, ref _any, last);
    }

    /// <summary>Adds another part's occurrences: the counts add, the first and last instants are the earliest and latest.</summary>
    public void Merge(Occurrence other) => Add(other.Count, other.First, other.Last);
}
