using Alpha.Learning.Analysis;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Analysis;

public sealed class ErrorTemplateMinerSensitivityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3, 0.4)]
    [InlineData(3, 0.5)]
    [InlineData(3, 0.6)]
    [InlineData(4, 0.4)]
    [InlineData(4, 0.5)]
    [InlineData(4, 0.6)]
    [InlineData(5, 0.5)]
    public void Add_LabelledAgentErrorsWithSettings_ReportsAccuracy(int depth, double threshold)
    {
        var corpus = AgentErrorCorpus.Generate();
        var miner = new ErrorTemplateMiner(new ErrorTemplateMinerOptions { TreeDepth = depth, SimilarityThreshold = threshold });
        var predicted = corpus.Select(c => miner.Add(c.Message).Id).ToList();
        var accuracy = AgentErrorCorpus.GroupingAccuracy(corpus.Select(c => c.Label).ToList(), predicted);
        output.WriteLine($"depth {depth}, threshold {threshold}: accuracy {accuracy:F4}, templates {miner.Count}");
        accuracy.Should().BeGreaterThan(0.5);
    }
}
