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
}
