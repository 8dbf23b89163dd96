using Alpha.Learning.Analysis;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Merges the evidence of several instances into the evidence of the fleet: counts, sums and sketches add exactly;
/// the templates are mined again from the instances' template texts (per error type and class), so a template that one
/// instance widened further than another (<c>&lt;*&gt;</c> where the other still saw one value) is still one template.
/// </summary>
internal static class FleetEvidenceMerger
{
    /// <param name="parts">The instances' evidence, in a stable order (by instance name) so examples are chosen the same way each time.</param>
    /// <param name="options">The analysis options (template mining, bounds on examples and names).</param>
    public static FleetEvidence Merge(IEnumerable<FleetEvidence> parts, AnalysisOptions options)
    {
        var merged = new FleetEvidence();
        var miners = new Dictionary<(string ErrorType, bool Transient), ErrorTemplateMiner>();
        var templates = new List<ErrorTemplate>();
        foreach (var part in parts)
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

            foreach (var (key, subject) in part.Subjects)
            {
                if (!merged.Subjects.TryGetValue(key, out var into))
                {
                    into = new SubjectEvidence { Kind = subject.Kind, Name = subject.Name };
                    merged.Subjects.Add(key, into);
                }

                into.Merge(subject);
            }
        }

        foreach (var template in templates)
        {
            var stats = (TemplateEvidence)template.State!;
            stats.Text = template.Text;
            merged.Templates.Add(stats);
        }

        return merged;
    }
}
