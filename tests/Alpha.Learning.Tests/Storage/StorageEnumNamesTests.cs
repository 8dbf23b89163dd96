using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Tests.Storage;

public sealed class StorageEnumNamesTests
{
    [Fact]
    public void ImprovementStatus_EveryValue_RoundTripsThroughItsSnakeCaseName()
    {
        Enum.GetValues<ImprovementStatus>().Select(EnumNames.ToName).Should().Equal(
            "pending", "validating", "applying", "applied", "failed", "dry_run", "rolled_back", "pending_approval", "rejected", "expired");
        Enum.GetValues<ImprovementStatus>().Should().AllSatisfy(v => EnumNames.ParseImprovementStatus(EnumNames.ToName(v)).Should().Be(v));
    }

    [Fact]
    public void VerificationVerdict_EveryValue_RoundTripsThroughItsSnakeCaseName()
    {
        Enum.GetValues<VerificationVerdict>().Select(EnumNames.ToName).Should().Equal("none", "insufficient_data", "improved", "unchanged", "regressed", "inconclusive");
        Enum.GetValues<VerificationVerdict>().Should().AllSatisfy(v => EnumNames.ParseVerificationVerdict(EnumNames.ToName(v)).Should().Be(v));
    }

    [Fact]
    public void OtherStorageEnums_EveryValue_RoundTrip()
    {
        Enum.GetValues<CycleRunStatus>().Should().AllSatisfy(v => EnumNames.ParseCycleRunStatus(EnumNames.ToName(v)).Should().Be(v));
        Enum.GetValues<PathChangeKind>().Should().AllSatisfy(v => EnumNames.ParsePathChangeKind(EnumNames.ToName(v)).Should().Be(v));
        Enum.GetValues<ChangeDirection>().Should().AllSatisfy(v => EnumNames.ParseChangeDirection(EnumNames.ToName(v)).Should().Be(v));
    }

    [Fact]
    public void ParseImprovementStatus_UnknownName_ThrowsFormatException()
    {
        var act = () => EnumNames.ParseImprovementStatus("Applied");

        act.Should().Throw<FormatException>();
    }
}
