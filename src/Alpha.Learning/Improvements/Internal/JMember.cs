namespace Alpha.Learning.Improvements.Internal;

/// <summary>An object member: its name (unescaped), the span of the quoted name, and its value.</summary>
internal sealed class JMember
{
    public required string Name { get; init; }

    public required int NameStart { get; init; }

    public required int NameEnd { get; init; }

    public JNode Value { get; set; } = null!;
}
