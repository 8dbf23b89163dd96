using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

namespace Alpha.Learning.Tests.Improvements;

/// <summary>A config store that runs a hook right before a plan is written: someone edits the file meanwhile.</summary>
internal sealed class InterferingConfigStore(IConfigStore inner, Func<Task>? afterPlan, Func<Task>? beforeApply) : IConfigStore
{
    public ValueTask<ConfigSnapshot> ReadAsync(CancellationToken cancellationToken = default) => inner.ReadAsync(cancellationToken);

    public async ValueTask<ConfigEditPlan> PlanAsync(IReadOnlyList<ConfigChange> changes, CancellationToken cancellationToken = default)
    {
        var plan = await inner.PlanAsync(changes, cancellationToken);
        if (afterPlan is not null)
        {
            await afterPlan();
        }

        return plan;
    }

    public async ValueTask<ConfigWriteResult> ApplyAsync(ConfigEditPlan plan, CancellationToken cancellationToken = default)
    {
        if (beforeApply is not null)
        {
            await beforeApply();
        }

        return await inner.ApplyAsync(plan, cancellationToken);
    }

    public ValueTask<int> RecoverAsync(CancellationToken cancellationToken = default) => inner.RecoverAsync(cancellationToken);
}
