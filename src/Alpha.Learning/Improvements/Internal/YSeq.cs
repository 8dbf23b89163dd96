namespace Alpha.Learning.Improvements.Internal;

internal sealed class YSeq : YNode
{
    public bool Flow { get; init; }

    public int Count { get; set; }
}
