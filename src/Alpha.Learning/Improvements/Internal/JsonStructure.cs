using System.Globalization;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// The re-parse check of a JSON edit in one structural pass: the edited document must equal the original everywhere
/// except at the planned paths, which must hold their planned values (or be gone, with any object they leave empty).
/// Member names match ignoring case, as configuration reads them. No path strings are built unless a difference is
/// found. A subtree no change reaches is equal when its text is byte for byte the same (the same bytes read as one
/// value give the same value), so folded subtrees are compared without being built; only when their bytes differ
/// are they built and compared value by value.
/// </summary>
internal static class JsonStructure
{
    /// <summary>Describes the first difference that was not planned, or returns <see langword="null"/> when exactly the planned paths differ.</summary>
    public static string? Difference(JsonModel before, JsonModel after, PlannedPaths.Node plan)
    {
        var work = new Stack<(JNode? Before, JNode? After, PlannedPaths.Node? Plan)>();
        work.Push((before.Root, after.Root, plan.Children is null ? null : plan));
        while (work.Count > 0)
        {
            var (b, a, p) = work.Pop();
            var problem = p switch
            {
                null => SameText(before.Utf8, b, after.Utf8, a) ? null : Unchanged(b, a, work),
                { IsLeaf: true, Remove: true } => a is null ? null : Inv($"'{PathOf(a)}' is still there after its removal"),
                { IsLeaf: true } => a is JScalar scalar && PlanSteps.SameValue(scalar.Typed, p.Value)
                    ? null
                    : Inv($"the value at '{(a is null ? PathOf(b) : PathOf(a))}' is {Describe(a)} where {YamlScalars.Describe(p.Value)} was expected"),
                _ => Through(b, a, p, work),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Whether two containers have the same text (and so the same value) without building them.</summary>
    private static bool SameText(byte[] before, JNode? b, byte[] after, JNode? a) =>
        b is JContainer x && a is JContainer y && x.GetType() == y.GetType()
        && before.AsSpan(x.Start, x.End - x.Start).SequenceEqual(after.AsSpan(y.Start, y.End - y.Start));

    /// <summary>A subtree no change touches: the same shape, names and values.</summary>
    private static string? Unchanged(JNode? b, JNode? a, Stack<(JNode?, JNode?, PlannedPaths.Node?)> work)
    {
        switch (b, a)
        {
            case (null, null):
                return null;
            case (JScalar x, JScalar y):
                return PlanSteps.SameValue(y.Typed, x.Typed) ? null : Inv($"the value at '{PathOf(y)}' is {Describe(y)} where {Describe(x)} was expected");
            case (JObject x, JObject y):
                if (x.Members.Count != y.Members.Count)
                {
                    return Inv($"the object at '{PathOf(y)}' has {y.Members.Count} members where {x.Members.Count} were expected");
                }

                foreach (var member in x.Members)
                {
                    if (y.Find(member.Name) is not { } other)
                    {
                        return Inv($"the object at '{PathOf(y)}' lost the member '{YamlScalars.Escape(member.Name)}'");
                    }

                    work.Push((member.Value, other.Value, null));
                }

                return null;
            case (JArray x, JArray y):
                if (x.Items.Count != y.Items.Count)
                {
                    return Inv($"the array at '{PathOf(y)}' has {y.Items.Count} items where {x.Items.Count} were expected");
                }

                for (var i = 0; i < x.Items.Count; i++)
                {
                    work.Push((x.Items[i], y.Items[i], null));
                }

                return null;
            default:
                return Inv($"'{(a is null ? PathOf(b) : PathOf(a))}' is {Describe(a)} where {Describe(b)} was expected");
        }
    }

    /// <summary>An object or array a planned path passes through.</summary>
    private static string? Through(JNode? b, JNode? a, PlannedPaths.Node p, Stack<(JNode?, JNode?, PlannedPaths.Node?)> work)
    {
        if (ExpectsNothing(b, p))
        {
            // Everything under it was removed: the object goes too (the root stays, empty).
            return a is null || (a is JObject { Members.Count: 0 } && a.Parent is null) ? null : Inv($"'{PathOf(a)}' is still there though everything in it was removed");
        }

        switch (b)
        {
            case JArray x:
                if (a is not JArray y || y.Items.Count != x.Items.Count)
                {
                    return Inv($"'{PathOf(a ?? x)}' is not the array of {x.Items.Count} items expected");
                }

                foreach (var name in p.Children!.Keys)
                {
                    if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= x.Items.Count)
                    {
                        return Inv($"the array at '{PathOf(y)}' has no item '{name}'");
                    }
                }

                for (var i = 0; i < x.Items.Count; i++)
                {
                    work.Push((x.Items[i], y.Items[i], p.Child(i.ToString(CultureInfo.InvariantCulture))));
                }

                return null;
            case null or JObject:
                if (a is not JObject after)
                {
                    return Inv($"'{(a is null ? PathOf(b) : PathOf(a))}' is {Describe(a)} where an object was expected");
                }

                var original = b as JObject;
                var kept = 0;
                foreach (var member in after.Members)
                {
                    if (p.Child(member.Name) is not null)
                    {
                        continue;
                    }

                    if (original?.Find(member.Name) is not { } was)
                    {
                        return Inv($"the object at '{PathOf(after)}' has the unplanned member '{YamlScalars.Escape(member.Name)}'");
                    }

                    kept++;
                    work.Push((was.Value, member.Value, null));
                }

                var unplanned = original is null ? 0 : original.Members.Count(m => p.Child(m.Name) is null);
                if (kept != unplanned)
                {
                    return Inv($"the object at '{PathOf(after)}' has {kept} of its {unplanned} unchanged members");
                }

                foreach (var (name, child) in p.Children!)
                {
                    work.Push((original?.Find(name)?.Value, after.Find(name)?.Value, child));
                }

                return null;
            default:
                return Inv($"'{PathOf(b)}' is a value where a path was planned through it");
        }
    }

    /// <summary>Whether nothing is left under a node once the planned removals are made.</summary>
    private static bool ExpectsNothing(JNode? b, PlannedPaths.Node p)
    {
        if (p.IsLeaf)
        {
            return p.Remove;
        }

        if (b is JArray or JScalar)
        {
            return false;
        }

        var obj = b as JObject;
        if (obj is not null && obj.Members.Exists(m => p.Child(m.Name) is null))
        {
            return false;
        }

        foreach (var (name, child) in p.Children!)
        {
            if (!ExpectsNothing(obj?.Find(name)?.Value, child))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JNode? node) => node switch
    {
        null => "no value",
        JObject => "an object",
        JArray => "an array",
        JScalar { Typed: null } => "null",
        JScalar scalar => YamlScalars.Describe(scalar.Typed),
        _ => "unknown",
    };

    private static string Describe(object? value) => value is null ? "null" : YamlScalars.Describe(value);

    /// <summary>The configuration path of a node (only for messages).</summary>
    private static string PathOf(JNode? node)
    {
        var segments = new List<string>();
        while (node?.Parent is { } parent)
        {
            segments.Add(parent switch
            {
                JObject obj => obj.Members.Find(m => ReferenceEquals(m.Value, node))?.Name ?? "?",
                JArray array => array.Items.IndexOf(node).ToString(CultureInfo.InvariantCulture),
                _ => "?",
            });
            node = parent;
        }

        segments.Reverse();
        return YamlScalars.Escape(string.Join(':', segments));
    }

    private static string Inv(FormattableString value) => FormattableString.Invariant(value);
}
