namespace Alpha.Learning.Improvements.Internal;

/// <summary>A string, number, boolean or null.</summary>
internal sealed class JScalar : JNode
{
    /// <summary>Gets the value: <see langword="null"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/> or <see cref="string"/>.</summary>
    public object? Typed { get; init; }
}
