namespace Alpha.Learning.Improvements.Internal;

/// <summary>The checked UTF-8 text a <see cref="JsonModel"/> was parsed from, kept by folded containers to build their children later.</summary>
internal sealed class JsonSource(byte[] utf8, string location, int maxDepth)
{
    public byte[] Utf8 { get; } = utf8;

    public string Location { get; } = location;

    public int MaxDepth { get; } = maxDepth;
}
