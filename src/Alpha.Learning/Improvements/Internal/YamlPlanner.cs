using Alpha.Learning.Analysis;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>Plans changes of YAML text: checks expected old values, splices each change, re-parses and verifies that exactly the planned paths differ.</summary>
internal static class YamlPlanner
{
    private const string SequenceMarker = "\u0001sequence:";
    private const string MappingMarker = "\u0001mapping:";

    public static (string Text, List<ConfigChange> Effective) Plan(YamlModel model, IReadOnlyList<ConfigChange> changes, string location, int maxDepth)
    {
        var text = model.Text;
        var current = model;
        var effective = new List<ConfigChange>(changes.Count);
        var expected = Flatten(model, '\0', skipDottedKeys: false);
        foreach (var change in changes)
        {
            var segments = ConfigPaths.TrySplit(change.Path, out _)!;
            var node = YamlEditor.Find(current, segments);
            if (node is YMap or YSeq)
            {
                throw new ConfigStoreException(ConfigStoreError.Unsupported, location, Inv($"The path '{change.Path}' in the configuration file '{location}' names a mapping or a sequence, not a value."));
            }

            var found = node is YScalar scalar ? scalar.Typed : null;
            PlanSteps.CheckOldValue(change, found, Describe(node, found), location);

            var key = string.Join('\0', segments);
            if (change.RemoveKey)
            {
                if (node is null)
                {
                    continue;
                }

                text = YamlEditor.Remove(current, segments, location, change.Path);
                expected.Remove(key);
                effective.Add(new ConfigChange { Path = change.Path, OldValue = found, NewValue = change.NewValue, RemoveKey = true });
            }
            else
            {
                var value = YamlScalars.Normalize(change.NewValue)!;
                if (PlanSteps.IsNoOp(node is not null, found, value))
                {
                    continue;
                }

                text = YamlEditor.Set(current, segments, value, location, change.Path, rewritten => YamlModel.Parse(rewritten, location, maxDepth));
                for (var prefix = 1; prefix < segments.Length; prefix++)
                {
                    // An empty mapping on the path ({} made block style) holds a value now.
                    var outer = string.Join('\0', segments.Take(prefix));
                    if (expected.TryGetValue(outer, out var marker) && marker is MappingMarker)
                    {
                        expected.Remove(outer);
                    }
                }

                expected[key] = value;
                effective.Add(new ConfigChange { Path = change.Path, OldValue = found, NewValue = value });
            }

            current = YamlModel.Parse(text, location, maxDepth);
        }

        Verify(current, expected, location);
        return (text, effective);
    }

    /// <summary>Flattens the scalar values of a document by path (sequences and empty mappings as their text, so any change of them shows).</summary>
    public static Dictionary<string, object?> Flatten(YamlModel model, char separator, bool skipDottedKeys)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (model.Root is YMap root)
        {
            Walk(root, string.Empty);
        }
        else if (model.Root is YScalar { Value.Length: > 0 } or YSeq)
        {
            values[string.Empty] = Leaf(model.Root);
        }

        return values;

        void Walk(YMap map, string prefix)
        {
            if (map.Entries.Count == 0 && prefix.Length > 0 && !skipDottedKeys)
            {
                values.TryAdd(prefix, MappingMarker);
            }

            foreach (var entry in map.Entries)
            {
                if (skipDottedKeys && entry.Key.Value.Contains(separator, StringComparison.Ordinal))
                {
                    continue;
                }

                var path = prefix.Length == 0 ? entry.Key.Value : prefix + separator + entry.Key.Value;
                if (entry.Value is YMap child)
                {
                    Walk(child, path);
                }
                else if (entry.Value is YScalar || !skipDottedKeys)
                {
                    values.TryAdd(path, Leaf(entry.Value));
                }
            }
        }

        object? Leaf(YNode node) => node switch
        {
            YScalar scalar => scalar.Typed,
            // A flow collection's line breaks fold to spaces (a flow mapping made block style joins its lines).
            _ => SequenceMarker + System.Text.RegularExpressions.Regex.Replace(model.Text[node.Start..node.ContentEnd], "[ \t]*\r?\n[ \t]*", " "),
        };
    }

    private static void Verify(YamlModel result, Dictionary<string, object?> expected, string location)
    {
        var actual = Flatten(result, '\0', skipDottedKeys: false);
        var problem = actual.Count != expected.Count
            ? Inv($"it has {actual.Count} values where {expected.Count} were expected")
            : null;
        if (problem is null)
        {
            foreach (var (key, value) in expected)
            {
                if (!actual.TryGetValue(key, out var found) || !PlanSteps.SameValue(found, value))
                {
                    problem = Inv($"the value at '{key.Replace('\0', '.')}' is {YamlScalars.Describe(found)} where {YamlScalars.Describe(value)} was expected");
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw PlanSteps.VerificationFailed(location, problem);
        }
    }

    private static string Describe(YNode? node, object? found) => node is null ? "no value" : YamlScalars.Describe(found) switch
    {
        "absent" => "null",
        var text => text,
    };
}
