using System.Text;

using Alpha.Learning.Analysis;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>JSON with comments and trailing commas (<c>appsettings.json</c>) for <see cref="ConfigFileProtocol{TDocument}"/>: configuration paths (<c>:</c> or <c>.</c>, case-insensitive), <see cref="JsonModel"/>, <see cref="JsonPlanner"/>.</summary>
internal sealed class JsonConfigFormat(int maxDepth, int maxStringBytes) : IConfigFormat<JsonModel>
{
    public IEqualityComparer<string> PathComparer => ConfigPathComparer.Instance;

    public string[]? TrySplit(string path, out string? reason) => JsonPaths.TrySplit(path, out reason);

    public JsonModel Parse(byte[] body, string location, IReadOnlyList<ConfigChange>? changes) =>
        JsonModel.Parse(body, location, maxDepth, maxStringBytes, changes is null ? null : JsonPlanner.Focus(changes));

    public string Text(JsonModel document) => Encoding.UTF8.GetString(document.Utf8);

    public IReadOnlyDictionary<string, object?> Values(JsonModel document) => JsonPlanner.FlattenScalars(document);

    public (byte[] Body, List<ConfigChange> Effective) Plan(JsonModel document, IReadOnlyList<ConfigChange> changes, string location) =>
        JsonPlanner.Plan(document, changes, location, maxDepth, maxStringBytes);
}
