using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Merges the evidence of several instances into the evidence of the fleet: counts, sums and sketches add exactly;
/// the templates are mined again from the instances' template texts (per error type and class), so a template that one
/// instance widened further than another (<c>&lt;*&gt;</c> where the other still saw one value) is still one template.
/// </summary>
internal static class FleetEvidenceMerger
{
    // Below this many subjects (summed over the parts) one thread merges them: partitions cost more than they save.
    private const int ParallelThreshold = 4_096;
    private const int MaxPartitions = 8;

    /// <param name="parts">The instances' evidence, in a stable order (by instance name) so examples are chosen the same way each time.</param>
    /// <param name="options">The analysis options (template mining, bounds on examples and names).</param>
    public static FleetEvidence Merge(IEnumerable<FleetEvidence> parts, AnalysisOptions options)
    {
        var list = parts as IReadOnlyList<FleetEvidence> ?? [.. parts];
        var merged = new FleetEvidence();
        var miners = new Dictionary<(string ErrorType, bool Transient), ErrorTemplateMiner>();
        var templates = new List<ErrorTemplate>();
        foreach (var part in list)
        {
            merged.Events += part.Events;
            foreach (var template in part.Templates)
            {
                if (!miners.TryGetValue((template.ErrorType, template.Transient), out var miner))
                {
                    miner = new ErrorTemplateMiner(options.ErrorTemplates);
                    miners.Add((template.ErrorType, template.Transient), miner);
                }

                var into = miner.Add(template.Text);
                if (into.State is not TemplateEvidence stats)
                {
                    stats = new TemplateEvidence { ErrorType = template.ErrorType, Transient = template.Transient, Text = into.Text };
                    into.State = stats;
                    templates.Add(into);
                }

                stats.Merge(template, options.MaxExamples, options.MaxAffectedNames);
            }

        }

        MergeSubjects(list, merged.Subjects);
        merged.Detail = FleetDetailMerger.Merge(list, options, merged.Subjects);

        foreach (var template in templates)
        {
            var stats = (TemplateEvidence)template.State!;
            stats.Text = template.Text;
            merged.Templates.Add(stats);
        }

        return merged;
    }

    /// <summary>
    /// Merges the subjects, in partitions by name on every core when there are many (each subject's merge is independent of
    /// the others'; within a subject the parts merge in their order, so the result is the sequential one), then adds them
    /// in the order of their first appearance.
    /// </summary>
    private static void MergeSubjects(IReadOnlyList<FleetEvidence> parts, Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> into)
    {
        var total = 0;
        foreach (var part in parts)
        {
            total += part.Subjects.Count;
        }

        var partitions = total < ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount, MaxPartitions);
        var merged = new Dictionary<(SubjectKind Kind, string Name), SubjectEvidence>[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            // The counts as they come; each subject's sketches gathered and merged together at the end.
            var mine = new Dictionary<(SubjectKind Kind, string Name), SubjectEvidence>();
            var sketches = new Dictionary<SubjectEvidence, List<QuantileSketch>>(ReferenceEqualityComparer.Instance);
            foreach (var part in parts)
            {
                foreach (var (key, subject) in part.Subjects)
                {
                    if (partitions > 1 && Partition(key, partitions) != p)
                    {
                        continue;
                    }

                    if (!mine.TryGetValue(key, out var target))
                    {
                        target = new SubjectEvidence { Kind = subject.Kind, Name = subject.Name };
                        mine.Add(key, target);
                        sketches.Add(target, new List<QuantileSketch>(parts.Count));
                    }

                    target.MergeAllButDurations(subject);
                    sketches[target].Add(subject.Durations);
                }
            }

            foreach (var (target, list) in sketches)
            {
                target.SetDurations(QuantileSketch.MergeAll(list));
            }

            merged[p] = mine;
        });

        var distinct = 0;
        foreach (var mine in merged)
        {
            distinct += mine.Count;
        }

        foreach (var part in parts)
        {
            if (into.Count == distinct)
            {
                break; // every subject placed (instances mostly see the same ones: the first part often holds them all)
            }

            foreach (var key in part.Subjects.Keys)
            {
                if (!into.ContainsKey(key))
                {
                    into.Add(key, merged[partitions > 1 ? Partition(key, partitions) : 0][key]);
                }
            }
        }
    }

    private static int Partition((SubjectKind Kind, string Name) key, int partitions) =>
        (int)((uint)(StringComparer.Ordinal.GetHashCode(key.Name) ^ (int)key.Kind) % (uint)partitions);
}
