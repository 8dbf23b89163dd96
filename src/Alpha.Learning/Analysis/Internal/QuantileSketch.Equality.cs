namespace Alpha.Learning.Analysis.Internal;

/// <summary>Whether two sketches hold the same thing (so a fleet aggregate writes a sketch two detectors share once).</summary>
internal sealed partial class QuantileSketch
{
    /// <summary>Whether this sketch holds exactly what <paramref name="other"/> holds: the same values added in the same order give equal sketches.</summary>
    public bool SameAs(QuantileSketch other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Count != other.Count || Sum.CompareTo(other.Sum) != 0 || Max.CompareTo(other.Max) != 0 || _zeroCount != other._zeroCount
            || (_exact is null) != (other._exact is null))
        {
            return false;
        }

        return _exact is not null
            ? Kept.SequenceEqual(other.Kept)
            : _buckets!.Entries().SequenceEqual(other._buckets!.Entries());
    }
}
