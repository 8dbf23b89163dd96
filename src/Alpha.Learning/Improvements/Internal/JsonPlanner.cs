using Alpha.Learning.Analysis;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>Plans changes of JSON text: checks expected old values, splices each change, re-parses, and compares the result with the original in one structural pass (<see cref="JsonStructure"/>): exactly the planned paths differ.</summary>
internal static class JsonPlanner
{
    public static (byte[] Utf8, List<ConfigChange> Effective) Plan(JsonModel model, IReadOnlyList<ConfigChange> changes, string location, int maxDepth, int maxStringBytes)
    {
        var current = model;
        var effective = new List<ConfigChange>(changes.Count);
        var planned = new PlannedPaths();
        var focus = Focus(changes);
        foreach (var change in changes)
        {
            var segments = JsonPaths.TrySplit(change.Path, out _)!;
            var node = JsonEditor.Find(current, segments);
            if (node is JObject or JArray)
            {
                throw new ConfigStoreException(ConfigStoreError.Unsupported, location, Inv($"The path '{change.Path}' in the configuration file '{location}' names an object or an array, not a value."));
            }

            var found = node is JScalar scalar ? scalar.Typed : null;
            PlanSteps.CheckOldValue(change, found, node is null ? "no value" : Describe(found), location);
            byte[] bytes;
            if (change.RemoveKey)
            {
                if (node is null)
                {
                    continue;
                }

                bytes = JsonEditor.Remove(current, segments, location, change.Path);
                planned.Add(segments, remove: true, value: null);
                effective.Add(new ConfigChange { Path = change.Path, OldValue = found, NewValue = change.NewValue, RemoveKey = true });
            }
            else
            {
                var value = YamlScalars.Normalize(change.NewValue)!;
                if (PlanSteps.IsNoOp(node is not null, found, value))
                {
                    continue;
                }

                bytes = JsonEditor.Set(current, segments, value, location, change.Path);
                planned.Add(segments, remove: false, value);
                effective.Add(new ConfigChange { Path = change.Path, OldValue = found, NewValue = value });
            }

            current = JsonModel.Parse(bytes, location, maxDepth, maxStringBytes, focus);
        }

        if (!ReferenceEquals(current, model) && JsonStructure.Difference(model, current, planned.Root) is { } problem)
        {
            throw PlanSteps.VerificationFailed(location, problem);
        }

        return (current.Utf8, effective);
    }

    /// <summary>The paths the changes reach, so that a parse builds only the containers on them (<see cref="JsonModel.Parse"/>).</summary>
    public static PlannedPaths.Node Focus(IReadOnlyList<ConfigChange> changes)
    {
        var paths = new PlannedPaths();
        foreach (var change in changes)
        {
            if (JsonPaths.TrySplit(change.Path, out _) is { } segments)
            {
                paths.Add(segments, remove: false, value: null);
            }
        }

        return paths.Root;
    }

    /// <summary>The scalar values by configuration path (':'-separated, names as in the file), as a snapshot shows them; names holding ':' or '.' cannot be addressed and are left out.</summary>
    public static Dictionary<string, object?> FlattenScalars(JsonModel model)
    {
        var values = new Dictionary<string, object?>(ConfigPathComparer.Instance);
        Walk(model.Root, values);
        return values;
    }

    private static void Walk(JNode? root, Dictionary<string, object?> values)
    {
        var pending = new Stack<(JNode Node, string Prefix)>();
        if (root is not null)
        {
            pending.Push((root, string.Empty));
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
                    foreach (var member in obj.Members)
                    {
                        if (member.Name.Length == 0 || member.Name.AsSpan().IndexOfAny(':', '.') >= 0)
                        {
                            continue;
                        }

                        pending.Push((member.Value, prefix.Length == 0 ? member.Name : prefix + ':' + member.Name));
                    }

                    break;
                case JArray array:
                    for (var i = 0; i < array.Items.Count; i++)
                    {
                        var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        pending.Push((array.Items[i], prefix.Length == 0 ? index : prefix + ':' + index));
                    }

                    break;
            }
        }
    }

    private static string Describe(object? found) => found is null ? "null" : YamlScalars.Describe(found);
}
