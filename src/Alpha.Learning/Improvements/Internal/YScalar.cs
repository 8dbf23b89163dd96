using YamlDotNet.Core;

namespace Alpha.Learning.Improvements.Internal;

internal sealed class YScalar : YNode
{
    public required string Value { get; init; }

    public required ScalarStyle Style { get; init; }

    /// <summary>Gets the typed value: null, bool, long, double or string.</summary>
    public object? Typed { get; init; }
}
