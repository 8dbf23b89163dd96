using System.Text;

using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>YAML for <see cref="ConfigFileProtocol{TDocument}"/>: dotted paths, <see cref="YamlModel"/>, <see cref="YamlPlanner"/>.</summary>
internal sealed class YamlConfigFormat(int maxDepth) : IConfigFormat<YamlModel>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IEqualityComparer<string> PathComparer => StringComparer.Ordinal;

    public string[]? TrySplit(string path, out string? reason) => ConfigPaths.TrySplit(path, out reason);

    /// <remarks>The protocol has checked that the body is valid UTF-8. The whole document is always built.</remarks>
    public YamlModel Parse(byte[] body, string location, IReadOnlyList<ConfigChange>? changes) => YamlModel.Parse(StrictUtf8.GetString(body), location, maxDepth);

    public string Text(YamlModel document) => document.Text;

    public IReadOnlyDictionary<string, object?> Values(YamlModel document) => YamlPlanner.Flatten(document, '.', skipDottedKeys: true);

    public (byte[] Body, List<ConfigChange> Effective) Plan(YamlModel document, IReadOnlyList<ConfigChange> changes, string location)
    {
        var (text, effective) = YamlPlanner.Plan(document, changes, location, maxDepth);
        return (StrictUtf8.GetBytes(text), effective);
    }
}
