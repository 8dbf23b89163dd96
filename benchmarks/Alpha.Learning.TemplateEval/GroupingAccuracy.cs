using Alpha.Learning.Analysis;

namespace Alpha.Learning.TemplateEval;

/// <summary>
/// Grouping accuracy as Loghub defines it: a message is parsed correctly when the set of messages in its predicted
/// group equals the set of messages in its ground-truth group.
/// </summary>
internal static class GroupingAccuracy
{
    public static double Compute(IReadOnlyList<string> truth, IReadOnlyList<int> predicted)
    {
        var truthSizes = truth.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var correct = 0;
        foreach (var group in Enumerable.Range(0, predicted.Count).GroupBy(i => predicted[i]))
        {
            var members = group.ToList();
            var label = truth[members[0]];
            if (members.TrueForAll(i => truth[i] == label) && truthSizes[label] == members.Count)
            {
                correct += members.Count;
            }
        }

        return predicted.Count == 0 ? 1 : (double)correct / predicted.Count;
    }

    /// <summary>Writes every ground-truth group that was not recovered exactly, with the predicted groups it fell into.</summary>
    public static void Explain(string[] content, string[] truth, int[] predicted, ErrorTemplateMiner miner, TextWriter writer)
    {
        var texts = miner.Templates.ToDictionary(t => t.Id, t => t.Text);
        foreach (var group in Enumerable.Range(0, truth.Length).GroupBy(i => truth[i]).OrderByDescending(g => g.Count()))
        {
            var members = group.ToList();
            var ids = members.Select(i => predicted[i]).Distinct().ToList();
            var pure = ids.Count == 1 && predicted.Count(p => p == ids[0]) == members.Count;
            if (pure)
            {
                continue;
            }

            writer.WriteLine($"== {group.Key} ({members.Count} lines) -> {ids.Count} predicted group(s)");
            foreach (var id in ids.Take(6))
            {
                var inGroup = members.Count(i => predicted[i] == id);
                var total = predicted.Count(p => p == id);
                var example = content[members.First(i => predicted[i] == id)];
                writer.WriteLine($"   #{id} {inGroup}/{total}: {texts.GetValueOrDefault(id, "?")}");
                writer.WriteLine($"        e.g. {example}");
            }
        }
    }
}
