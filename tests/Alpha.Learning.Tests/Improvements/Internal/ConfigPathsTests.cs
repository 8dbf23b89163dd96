using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Tests.Improvements.Internal;

public sealed class ConfigPathsTests
{
    [Theory]
    [InlineData("agent.timeout_seconds")]
    [InlineData("Agent:Tools:web-search:MaxRetries")]
    public void TrySplit_SafeSegments_ReturnsThem(string path)
    {
        ConfigPaths.TrySplit(path, out var reason).Should().NotBeNull();
        reason.Should().BeNull();
    }

    // The store side used a regular expression ending in '$', which also matches before a final '\n': a segment
    // ending in a line break passed as safe there while the analysis side refused it. Both now share one check.
    [Theory]
    [InlineData("agent\n.timeout_seconds")]
    [InlineData("agent.timeout_seconds\n")]
    [InlineData("agent..timeout_seconds")]
    public void TrySplit_SegmentThatIsNotASafeKey_IsRefusedWithTheReason(string path)
    {
        ConfigPaths.TrySplit(path, out var reason).Should().BeNull();
        reason.Should().Contain("not a safe key");
    }
}
