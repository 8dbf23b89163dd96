using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

/// <summary>The contract of <see cref="ILearningStore"/> for improvements, run against every store (subclasses below).</summary>
public abstract class LearningStoreImprovementTests(ILearningStore store) : IDisposable
{
    private readonly ILearningStore _store = store;

    public void Dispose()
    {
        PostgresTestStore.Dispose(_store);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task StoreImprovementAsync_FullRecord_RoundTripsEveryFieldAndValueType()
    {
        var record = new ImprovementRecord
        {
            Id = ImprovementRecord.NewId(),
            RecommendationId = "rec-9",
            PatternFingerprint = "0123456789abcdef",
            PatternType = PatternType.HighCostOperation,
            Title = "Route summaries to a cheaper model",
            ActionType = ActionType.ModelRouting,
            Risk = RiskLevel.Risky,
            Priority = Priority.Critical,
            Confidence = 0.91,
            TargetMetric = TargetMetric.CostPerCall,
            Subject = "model",
            Key = "gpt-4o",
            Changes = Improvement().Changes,
            Status = ImprovementStatus.Applied,
            CreatedAt = T0,
            AppliedAt = T0.AddMinutes(1),
            RolledBackAt = T0.AddMinutes(2),
            StatusChangedAt = T0.AddMinutes(3),
            ConfigFile = "/etc/agent/config.yaml",
            VersionBefore = "sha256:aa",
            VersionAfter = "sha256:bb",
            BackupFile = "/etc/agent/config.yaml.bak",
            Reason = "because",
            Verdict = VerificationVerdict.Improved,
            CycleNumber = 12,
        };

        await _store.StoreImprovementAsync(record);
        var read = await _store.GetImprovementAsync(record.Id);

        read.Should().BeEquivalentTo(record, o => o.RespectingRuntimeTypes());
        read!.Changes.Select(c => c.OldValue?.GetType()).Should().Equal(typeof(long), typeof(double), null, typeof(string));
        read.Changes.Select(c => c.NewValue.GetType()).Should().Equal(typeof(long), typeof(double), typeof(bool), typeof(string));
    }

    [Fact]
    public async Task StoreImprovementAsync_DuplicateId_ThrowsAndKeepsFirst()
    {
        var record = Improvement(id: "same");
        await _store.StoreImprovementAsync(record);

        var act = () => _store.StoreImprovementAsync(Improvement(id: "same", status: ImprovementStatus.Failed));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*'same'*");
        (await _store.GetImprovementAsync("same"))!.Status.Should().Be(ImprovementStatus.Pending);
    }

    [Fact]
    public async Task CountImprovementsByStatusAsync_SomeStatuses_CountsEachAndLeavesOutTheRest()
    {
        (await _store.CountImprovementsByStatusAsync()).Should().BeEmpty();
        await _store.StoreImprovementsAsync(
        [
            Improvement(id: "a", status: ImprovementStatus.Applied),
            Improvement(id: "b", status: ImprovementStatus.Applied),
            Improvement(id: "c", status: ImprovementStatus.PendingApproval),
        ]);

        var counts = await _store.CountImprovementsByStatusAsync();

        counts.Should().BeEquivalentTo(new Dictionary<ImprovementStatus, long> { [ImprovementStatus.Applied] = 2, [ImprovementStatus.PendingApproval] = 1 });
        (await _store.GetStatisticsAsync()).ImprovementsByStatus.Should().BeEquivalentTo(counts);
    }

    [Fact]
    public async Task StoreImprovementsAsync_DuplicateInBatch_StoresNothing()
    {
        var act = () => _store.StoreImprovementsAsync([Improvement(id: "a"), Improvement(id: "b"), Improvement(id: "a")]);

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await _store.GetImprovementsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task GetImprovementsAsync_ByStatusAndActionType_FiltersNewestFirst()
    {
        await _store.StoreImprovementsAsync(
        [
            Improvement(id: "1", status: ImprovementStatus.Applied, createdAt: T0),
            Improvement(id: "2", status: ImprovementStatus.Applied, createdAt: T0.AddHours(2), actionType: ActionType.ModelRouting),
            Improvement(id: "3", status: ImprovementStatus.Failed, createdAt: T0.AddHours(1)),
            Improvement(id: "4", status: ImprovementStatus.PendingApproval, createdAt: T0.AddHours(3)),
        ]);

        (await _store.GetImprovementsAsync()).Select(i => i.Id).Should().Equal("4", "2", "3", "1");
        (await _store.GetImprovementsAsync(ImprovementStatus.Applied)).Select(i => i.Id).Should().Equal("2", "1");
        (await _store.GetImprovementsAsync(actionType: ActionType.ModelRouting)).Select(i => i.Id).Should().Equal("2");
        (await _store.GetImprovementsAsync(ImprovementStatus.Applied, ActionType.ConfigUpdate)).Select(i => i.Id).Should().Equal("1");
        (await _store.GetImprovementsAsync(limit: 1)).Select(i => i.Id).Should().Equal("4");
        (await _store.GetImprovementsAsync(ImprovementStatus.RolledBack)).Should().BeEmpty();
    }

    [Fact]
    public async Task GetImprovementsAsync_Applied_MostRecentlyAppliedFirstNotNewestCreated()
    {
        // "old" was recommended first but applied last (it waited for approval); "new" was created and applied in between.
        await _store.StoreImprovementsAsync(
        [
            Improvement(id: "old", status: ImprovementStatus.Applied, createdAt: T0, appliedAt: T0.AddDays(2)),
            Improvement(id: "new", status: ImprovementStatus.Applied, createdAt: T0.AddDays(1), appliedAt: T0.AddDays(1)),
        ]);

        (await _store.GetImprovementsAsync(ImprovementStatus.Applied, limit: 1)).Select(i => i.Id).Should().Equal("old");
        (await _store.GetImprovementsAsync(ImprovementStatus.Applied)).Select(i => i.Id).Should().Equal("old", "new");
        (await _store.GetImprovementsAsync()).Select(i => i.Id).Should().Equal(new[] { "new", "old" }, "the full history stays newest created first");
    }

    [Fact]
    public async Task GetImprovementsByRecommendationAsync_ReturnsOnlyThatRecommendation()
    {
        await _store.StoreImprovementsAsync([Improvement(id: "1", recommendationId: "x"), Improvement(id: "2", recommendationId: "y")]);

        (await _store.GetImprovementsByRecommendationAsync("x")).Select(i => i.Id).Should().Equal("1");
    }

    [Theory]
    [InlineData(ImprovementStatus.Applied)]
    [InlineData(ImprovementStatus.RolledBack)]
    [InlineData(ImprovementStatus.Rejected)]
    public async Task UpdateImprovementStatusAsync_ExpectedStatusMatches_ChangesOnce(ImprovementStatus target)
    {
        await _store.StoreImprovementAsync(Improvement(id: "x", status: ImprovementStatus.PendingApproval));

        var first = await _store.UpdateImprovementStatusAsync("x", target, ImprovementStatus.PendingApproval, "decided", T0.AddHours(1));
        var second = await _store.UpdateImprovementStatusAsync("x", target, ImprovementStatus.PendingApproval, "again", T0.AddHours(2));

        first.Should().BeTrue();
        second.Should().BeFalse();
        var read = (await _store.GetImprovementAsync("x"))!;
        read.Status.Should().Be(target);
        read.Reason.Should().Be("decided");
        read.StatusChangedAt.Should().Be(T0.AddHours(1));
        read.AppliedAt.Should().Be(target == ImprovementStatus.Applied ? T0.AddHours(1) : null);
        read.RolledBackAt.Should().Be(target == ImprovementStatus.RolledBack ? T0.AddHours(1) : null);
    }

    [Fact]
    public async Task UpdateImprovementStatusAsync_NoExpectedStatus_AlwaysChanges()
    {
        await _store.StoreImprovementAsync(Improvement(id: "x", status: ImprovementStatus.Applying));

        (await _store.UpdateImprovementStatusAsync("x", ImprovementStatus.Failed, null, "write failed", T0)).Should().BeTrue();
        (await _store.GetImprovementAsync("x"))!.Status.Should().Be(ImprovementStatus.Failed);
    }

    [Fact]
    public async Task UpdateImprovementStatusAsync_UnknownId_ReturnsFalse()
    {
        (await _store.UpdateImprovementStatusAsync("missing", ImprovementStatus.Applied, null, null, T0)).Should().BeFalse();
    }

    [Fact]
    public async Task UpdateImprovementAsync_Applied_SetsFactsAndRecordsPathChangesAtomically()
    {
        await _store.StoreImprovementAsync(Improvement(id: "x", status: ImprovementStatus.Applying));
        var change = new PathChange
        {
            Path = "tasks.timeouts.web_research", OldValue = 30L, NewValue = 45L, ImprovementId = "x",
            Kind = PathChangeKind.Applied, Direction = PathChange.DirectionOf(30L, 45L), At = T0.AddMinutes(5),
        };
        var update = new ImprovementUpdate
        {
            Id = "x", NewStatus = ImprovementStatus.Applied, ExpectedStatus = ImprovementStatus.Applying, At = T0.AddMinutes(5),
            VersionBefore = "h1", VersionAfter = "h2", BackupFile = "b.bak", ConfigFile = "c.yaml", PathChanges = [change],
        };

        (await _store.UpdateImprovementAsync(update)).Should().BeTrue();
        (await _store.UpdateImprovementAsync(update)).Should().BeFalse();

        var read = (await _store.GetImprovementAsync("x"))!;
        read.Should().BeEquivalentTo(new { VersionBefore = "h1", VersionAfter = "h2", BackupFile = "b.bak", ConfigFile = "c.yaml", AppliedAt = (DateTimeOffset?)T0.AddMinutes(5) });
        var changes = await _store.GetPathChangesAsync("tasks.timeouts.web_research", T0);
        changes.Should().ContainSingle().Which.Should().BeEquivalentTo(change, o => o.RespectingRuntimeTypes());
        changes[0].Direction.Should().Be(ChangeDirection.Increase);
    }

    [Fact]
    public async Task TryReserveImprovementAsync_UnderQuota_ReservesUntilFull()
    {
        var outcomes = new List<ReservationOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add(await _store.TryReserveImprovementAsync(Improvement(status: ImprovementStatus.Applying, createdAt: T0.AddMinutes(i)), T0, T0.AddDays(1), 3));
        }

        outcomes.Should().Equal(ReservationOutcome.Reserved, ReservationOutcome.Reserved, ReservationOutcome.Reserved, ReservationOutcome.QuotaExceeded);
        (await _store.CountAppliedInWindowAsync(T0, T0.AddDays(1))).Should().Be(3);
    }

    [Fact]
    public async Task TryReserveImprovementAsync_CountsAppliedInWindowAndIgnoresOthers()
    {
        await _store.StoreImprovementsAsync(
        [
            Improvement(status: ImprovementStatus.Applied, createdAt: T0.AddDays(-1), appliedAt: T0.AddHours(1)), // applied in window
            Improvement(status: ImprovementStatus.RolledBack, createdAt: T0.AddHours(2)), // counts: rolled back
            Improvement(status: ImprovementStatus.Failed, createdAt: T0.AddHours(2)), // does not count
            Improvement(status: ImprovementStatus.DryRun, createdAt: T0.AddHours(2)), // does not count
            Improvement(status: ImprovementStatus.PendingApproval, createdAt: T0.AddHours(2)), // does not count
            Improvement(status: ImprovementStatus.Applied, createdAt: T0.AddDays(-2), appliedAt: T0.AddDays(-2)), // outside
        ]);

        (await _store.CountAppliedInWindowAsync(T0, T0.AddDays(1))).Should().Be(2);
        (await _store.TryReserveImprovementAsync(Improvement(status: ImprovementStatus.Applying, createdAt: T0.AddHours(3)), T0, T0.AddDays(1), 3))
            .Should().Be(ReservationOutcome.Reserved);
        (await _store.TryReserveImprovementAsync(Improvement(status: ImprovementStatus.Applying, createdAt: T0.AddHours(4)), T0, T0.AddDays(1), 3))
            .Should().Be(ReservationOutcome.QuotaExceeded);
    }

    [Fact]
    public async Task TryReserveImprovementAsync_SameIdTwice_ReportsAlreadyExists()
    {
        var record = Improvement(status: ImprovementStatus.Applying);

        (await _store.TryReserveImprovementAsync(record, T0, T0.AddDays(1), 5)).Should().Be(ReservationOutcome.Reserved);
        (await _store.TryReserveImprovementAsync(record, T0, T0.AddDays(1), 5)).Should().Be(ReservationOutcome.AlreadyExists);
    }

    [Fact]
    public async Task TryReserveImprovementAsync_StatusNotCounted_Throws()
    {
        var act = () => _store.TryReserveImprovementAsync(Improvement(status: ImprovementStatus.Pending), T0, T0.AddDays(1), 5);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*applying*");
    }

    [Fact]
    public async Task ExpirePendingApprovalsAsync_OldRequests_Expire()
    {
        await _store.StoreImprovementsAsync(
        [
            Improvement(id: "old", status: ImprovementStatus.PendingApproval, createdAt: T0),
            Improvement(id: "new", status: ImprovementStatus.PendingApproval, createdAt: T0.AddDays(6)),
            Improvement(id: "applied", status: ImprovementStatus.Applied, createdAt: T0),
        ]);

        (await _store.ExpirePendingApprovalsAsync(T0.AddDays(1), T0.AddDays(7))).Should().Be(1);
        (await _store.GetImprovementAsync("old"))!.Status.Should().Be(ImprovementStatus.Expired);
        (await _store.GetImprovementAsync("new"))!.Status.Should().Be(ImprovementStatus.PendingApproval);
        (await _store.GetImprovementAsync("applied"))!.Status.Should().Be(ImprovementStatus.Applied);
    }

    [Fact]
    public async Task GetPathChangesAsync_SinceInstant_ReturnsThatPathOnlyOldestFirst()
    {
        await _store.RecordPathChangesAsync(
        [
            new PathChange { Path = "a", OldValue = 1L, NewValue = 2L, ImprovementId = "i1", Direction = ChangeDirection.Increase, At = T0.AddHours(-30) },
            new PathChange { Path = "a", OldValue = 2L, NewValue = 3L, ImprovementId = "i2", Direction = ChangeDirection.Increase, At = T0.AddHours(-2) },
            new PathChange { Path = "a", OldValue = 3L, NewValue = 2L, ImprovementId = "i2", Kind = PathChangeKind.RolledBack, Direction = ChangeDirection.Decrease, At = T0.AddHours(-1) },
            new PathChange { Path = "b", OldValue = "x", NewValue = "y", ImprovementId = "i3", At = T0.AddHours(-1) },
        ]);

        var changes = await _store.GetPathChangesAsync("a", T0.AddHours(-24));

        changes.Select(c => (c.ImprovementId, c.Kind, c.Direction)).Should().Equal(
            ("i2", PathChangeKind.Applied, ChangeDirection.Increase),
            ("i2", PathChangeKind.RolledBack, ChangeDirection.Decrease));
    }

    [Theory]
    [InlineData(1L, 2L, ChangeDirection.Increase)]
    [InlineData(2.5, 1.0, ChangeDirection.Decrease)]
    [InlineData(3L, 3L, ChangeDirection.Other)]
    [InlineData("a", "b", ChangeDirection.Other)]
    [InlineData(null, 5L, ChangeDirection.Other)]
    public void DirectionOf_Values_GivesDirection(object? before, object? after, ChangeDirection expected)
    {
        PathChange.DirectionOf(before, after).Should().Be(expected);
    }
}
