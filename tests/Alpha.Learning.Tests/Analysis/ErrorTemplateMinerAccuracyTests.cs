using Alpha.Learning.Analysis;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Analysis;

public sealed class ErrorTemplateMinerAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void Add_LabelledAgentErrors_GroupingAccuracyAtLeast90Percent()
    {
        var corpus = AgentErrorCorpus.Generate();
        var miner = new ErrorTemplateMiner();
        var labels = new List<string>(corpus.Count);
        var predicted = new List<int>(corpus.Count);
        foreach (var (message, label) in corpus)
        {
            labels.Add(label);
            predicted.Add(miner.Add(message).Id);
        }

        var accuracy = AgentErrorCorpus.GroupingAccuracy(labels, predicted);
        output.WriteLine($"Grouping accuracy on {corpus.Count} labelled agent errors ({labels.Distinct().Count()} true groups): {accuracy:F4}; templates: {miner.Count}");
        foreach (var template in miner.Templates)
        {
            output.WriteLine($"  #{template.Id} x{template.Count}: {template.Text}");
        }

        accuracy.Should().BeGreaterThanOrEqualTo(0.90);
    }
}
