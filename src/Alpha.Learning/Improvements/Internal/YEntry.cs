using YamlDotNet.Core.Events;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

internal sealed class YEntry
{
    public required YScalar Key { get; init; }

    public required YNode Value { get; set; }
}
