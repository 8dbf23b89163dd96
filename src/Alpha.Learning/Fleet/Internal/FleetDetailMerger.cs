using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Merges the instances' <see cref="FleetDetail"/>: counts and sums add exactly, first and last instants widen,
/// sketches merge within their stated error; the timeouts' templates are mined again from the instances' template
/// texts (one template table for the fleet), and the tool chains are mapped by tool name into one tool table.
/// </summary>
internal static class FleetDetailMerger
{
    /// <param name="parts">The instances' detail, in a stable order (by instance name).</param>
    /// <param name="options">The analysis options (template mining, bounds on subjects, examples and names).</param>
    public static FleetDetail Merge(IReadOnlyList<FleetDetail> parts, AnalysisOptions options)
    {
        var merged = new FleetDetail();
        var miner = new ErrorTemplateMiner(options.ErrorTemplates);
        var toolIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var templateIds = new Dictionary<int, int>();
            foreach (var (id, text) in part.TimeoutTemplates)
            {
                templateIds[id] = miner.Add(text).Id;
            }

            foreach (var (task, stats) in part.Timeouts)
            {
                Into(merged.Timeouts, task, options)?.Merge(stats, id => templateIds[id], options.MaxExamples, options.MaxAffectedNames);
            }

            foreach (var (model, stats) in part.Models)
            {
                Into(merged.Models, model, options)?.Merge(stats);
            }

            MergeTools(merged, part, toolIds, options);

            foreach (var (task, stats) in part.Successes)
            {
                Into(merged.Successes, task, options)?.Merge(stats);
            }
        }

        foreach (var template in miner.Templates)
        {
            merged.TimeoutTemplates[template.Id] = template.Text;
        }

        return merged;
    }

    private static void MergeTools(FleetDetail merged, FleetDetail part, Dictionary<string, int> toolIds, AnalysisOptions options)
    {
        var ids = new int[part.ToolNames.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var name = part.ToolNames[i];
            if (!toolIds.TryGetValue(name, out var id))
            {
                id = merged.ToolNames.Count;
                toolIds.Add(name, id);
                merged.ToolNames.Add(name);
            }

            ids[i] = id;
        }

        foreach (var (tool, stats) in part.Tools)
        {
            if (!merged.Tools.TryGetValue(tool, out var into))
            {
                if (merged.Tools.Count >= options.MaxSubjects)
                {
                    continue;
                }

                into = new ToolWasteStats { Id = toolIds[tool] };
                merged.Tools.Add(tool, into);
            }

            into.Merge(stats, options.MaxExamples, options.MaxAffectedNames);
        }

        foreach (var (task, stats) in part.Chains)
        {
            Into(merged.Chains, task, options)?.Merge(stats, id => ids[id]);
        }
    }

    private static T? Into<T>(Dictionary<string, T> merged, string name, AnalysisOptions options)
        where T : class, new() => DetectorSupport.GetOrAdd(merged, name, options.MaxSubjects);
}
