using Alpha.Learning.Analysis;
using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>Plans changes of JSON text: checks expected old values, splices each change, re-parses and verifies that exactly the planned paths differ.</summary>
internal static class JsonPlanner
{
    private const string EmptyObject = "\u0001object";
    private const string EmptyArray = "\u0001array";

    public static (byte[] Utf8, List<ConfigChange> Effective) Plan(JsonModel model, IReadOnlyList<ConfigChange> changes, string location, int maxDepth, int maxStringBytes)
    {
        var current = model;
        var effective = new List<ConfigChange>(changes.Count);
        var expected = FlattenAll(model);
        foreach (var change in changes)
        {
            var segments = JsonPaths.TrySplit(change.Path, out _)!;
            var node = JsonEditor.Find(current, segments);
            if (node is JObject or JArray)
            {
                throw new ConfigStoreException(ConfigStoreError.Unsupported, location, Inv($"The path '{change.Path}' in the configuration file '{location}' names an object or an array, not a value."));
            }

            var found = node is JScalar scalar ? scalar.Typed : null;
            var expectedOld = YamlScalars.Normalize(change.OldValue);
            if (!YamlScalars.ValueEquals(found, expectedOld))
            {
                throw new ConfigStoreException(
                    ConfigStoreError.ValueChanged,
                    location,
                    Inv($"The path '{change.Path}' in the configuration file '{location}' holds {(node is null ? "no value" : Describe(found))}, not the expected {YamlScalars.Describe(expectedOld)}: it changed since the change was planned."));
            }

            var key = string.Join('\0', segments);
            byte[] bytes;
            if (change.RemoveKey)
            {
                if (node is null)
                {
                    continue;
                }

                bytes = JsonEditor.Remove(current, segments, location, change.Path);
                expected.Remove(key);
                effective.Add(new ConfigChange { Path = change.Path, OldValue = found, NewValue = change.NewValue, RemoveKey = true });
            }
            else
            {
                var value = YamlScalars.Normalize(change.NewValue)!;
                if (node is not null && YamlScalars.ValueEquals(found, value) && found?.GetType() == value.GetType())
                {
                    continue;
                }

                bytes = JsonEditor.Set(current, segments, value, location, change.Path);
                for (var i = 1; i < segments.Length; i++)
                {
                    expected.Remove(string.Join('\0', segments.Take(i)));
                }

                expected[key] = value;
                effective.Add(new ConfigChange { Path = change.Path, OldValue = found, NewValue = value });
            }

            current = JsonModel.Parse(bytes, location, maxDepth, maxStringBytes);
        }

        Verify(current, expected, location);
        return (current.Utf8, effective);
    }

    /// <summary>The scalar values by configuration path (':'-separated, names as in the file), as a snapshot shows them; names holding ':' or '.' cannot be addressed and are left out.</summary>
    public static Dictionary<string, object?> FlattenScalars(JsonModel model)
    {
        var values = new Dictionary<string, object?>(ConfigPathComparer.Instance);
        Walk(model.Root, string.Empty, ':', values, snapshot: true);
        return values;
    }

    /// <summary>Every leaf by '\0'-joined path, empty objects and arrays as markers, so any change shows.</summary>
    private static Dictionary<string, object?> FlattenAll(JsonModel model)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        Walk(model.Root, string.Empty, '\0', values, snapshot: false);
        return values;
    }

    private static void Walk(JNode? root, string rootPrefix, char separator, Dictionary<string, object?> values, bool snapshot)
    {
        var pending = new Stack<(JNode Node, string Prefix)>();
        if (root is not null)
        {
            pending.Push((root, rootPrefix));
        }

        while (pending.Count > 0)
        {
            var (node, prefix) = pending.Pop();
            switch (node)
            {
                case JScalar scalar:
                    values.TryAdd(prefix, scalar.Typed);
                    break;
                case JObject obj:
                    if (obj.Members.Count == 0 && prefix.Length > 0 && !snapshot)
                    {
                        values.TryAdd(prefix, EmptyObject);
                    }

                    foreach (var member in obj.Members)
                    {
                        if (snapshot && (member.Name.Length == 0 || member.Name.AsSpan().IndexOfAny(':', '.') >= 0))
                        {
                            continue;
                        }

                        pending.Push((member.Value, prefix.Length == 0 ? member.Name : prefix + separator + member.Name));
                    }

                    break;
                case JArray array:
                    if (array.Items.Count == 0 && !snapshot)
                    {
                        values.TryAdd(prefix, EmptyArray);
                    }

                    for (var i = 0; i < array.Items.Count; i++)
                    {
                        var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        pending.Push((array.Items[i], prefix.Length == 0 ? index : prefix + separator + index));
                    }

                    break;
            }
        }
    }

    private static void Verify(JsonModel result, Dictionary<string, object?> expected, string location)
    {
        var actual = FlattenAll(result);
        var problem = actual.Count != expected.Count
            ? Inv($"it has {actual.Count} values where {expected.Count} were expected")
            : null;
        if (problem is null)
        {
            foreach (var (key, value) in expected)
            {
                if (!actual.TryGetValue(key, out var found) || !YamlScalars.ValueEquals(found, value) || (found is bool != value is bool))
                {
                    problem = Inv($"the value at '{key.Replace('\0', ':')}' is {YamlScalars.Describe(found)} where {YamlScalars.Describe(value)} was expected");
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new ConfigStoreException(
                ConfigStoreError.VerificationFailed,
                location,
                Inv($"The edited configuration file '{location}' did not parse back to exactly the planned change ({problem}); nothing was written."));
        }
    }

    private static string Describe(object? found) => found is null ? "null" : YamlScalars.Describe(found);
}
