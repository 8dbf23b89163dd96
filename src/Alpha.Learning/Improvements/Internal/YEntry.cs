namespace Alpha.Learning.Improvements.Internal;

internal sealed class YEntry
{
    public required YScalar Key { get; init; }

    public required YNode Value { get; set; }
}
