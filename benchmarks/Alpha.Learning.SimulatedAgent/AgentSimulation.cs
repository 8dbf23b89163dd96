using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Logs;
using Alpha.Learning.Loop;
using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Alpha.Learning.SimulatedAgent;

/// <summary>
/// Runs the simulated agent under each arm for some weeks on a simulated clock: one day of task runs, then (for the
/// loop's arms) one cycle of the real <see cref="FeedbackLoop"/> over a real YAML config and SQLite store.
/// </summary>
public static class AgentSimulation
{
    public static readonly DateTimeOffset Start = new(2026, 10, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs every arm on one world.</summary>
    public static async Task<SimulationResult> RunAllAsync(WorldSpec spec, int weeks, string folder, Action<SimulationArm, CycleReport>? onCycle = null, CancellationToken cancellationToken = default)
    {
        var result = new SimulationResult { Spec = spec };
        foreach (var arm in Enum.GetValues<SimulationArm>())
        {
            result.Arms[arm] = await RunAsync(spec, arm, weeks, Path.Combine(folder, arm.ToString()), onCycle, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Runs one arm; its config and database are made in <paramref name="folder"/> (emptied first).</summary>
    public static async Task<ArmResult> RunAsync(WorldSpec spec, SimulationArm arm, int weeks, string folder, Action<SimulationArm, CycleReport>? onCycle = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 2);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var configPath = Path.Combine(folder, "agent.yaml");
        await File.WriteAllTextAsync(configPath, spec.InitialConfig(), cancellationToken).ConfigureAwait(false);
        var world = new SimulatedWorld(spec);
        var clock = new SimulatedClock(Start);
        var logs = new MemoryLogSource();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILogSource>(logs);
        services.AddAlphaLearning(o =>
        {
            o.Store.DatabasePath = Path.Combine(folder, "learning.db");
            o.Config.Path = configPath;
            o.Loop.Mode = arm switch { SimulationArm.Manual => FeedbackLoopMode.Manual, SimulationArm.SemiAuto => FeedbackLoopMode.SemiAuto, _ => FeedbackLoopMode.FullAuto };
            o.Loop.MinConfidence = 0.5;
            o.Loop.MaxChangesPerCycle = 3;
            o.Analysis.ModelPrices[spec.PremiumModel] = new ModelPrice { InputPerMillion = spec.PremiumUsdPerMillion, OutputPerMillion = spec.PremiumUsdPerMillion };
            o.Analysis.ModelPrices[spec.CheapModel] = new ModelPrice { InputPerMillion = spec.CheapUsdPerMillion, OutputPerMillion = spec.CheapUsdPerMillion };
        });
        var provider = services.BuildServiceProvider();
        try
        {
            var store = provider.GetRequiredService<IConfigStore>();
            var loop = provider.GetRequiredService<FeedbackLoop>();
            var learning = provider.GetRequiredService<ILearningStore>();
            var executor = provider.GetRequiredService<ImprovementExecutor>();
            var initial = Values(await store.ReadAsync(cancellationToken).ConfigureAwait(false));
            var baseline = world.Expected(initial);
            var truth = new Dictionary<string, (bool Harmful, bool Beneficial, string Why)>(StringComparer.Ordinal);
            var active = new Dictionary<string, HarmfulChange>(StringComparer.Ordinal);
            var result = new ArmResult { Arm = arm, LastDay = (weeks * 7) - 1 };
            var proposed = new List<string>();
            for (var day = 0; day < weeks * 7; day++)
            {
                var week = (day / 7) + 1;
                if (result.Weeks.Count < week)
                {
                    result.Weeks.Add(new WeekFigures { Week = week });
                }

                var figures = result.Weeks[^1];
                var config = Values(await store.ReadAsync(cancellationToken).ConfigureAwait(false));
                var events = new List<ExecutionEvent>();
                foreach (var (_, o) in world.Day(day, Start.AddDays(day), config, events))
                {
                    figures.Tasks += o.Tasks;
                    figures.Successes += o.Successes;
                    figures.Cost += o.Cost;
                    figures.Durations.AddRange(o.Durations);
                }

                logs.Add(events);
                logs.RemoveBefore(Start.AddDays(day - 14));
                clock.Now = Start.AddDays(day + 1).AddMinutes(5);
                if (day < 6)
                {
                    continue; // a week of history before anything changes, the same for every arm
                }

                if (arm == SimulationArm.Reference && day == 6)
                {
                    var snapshot = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
                    var changes = spec.GenuineWins().Select(w => new ConfigChange { Path = w.Path, OldValue = snapshot.TryGetValue(w.Path, out var v) ? v : null, NewValue = w.Value }).ToList();
                    await store.ApplyAsync(await store.PlanAsync(changes, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    figures.Applied += changes.Count;
                    figures.Events.Add("by hand: " + string.Join(", ", changes.Select(c => c.Path + " = " + Convert.ToString(c.NewValue, CultureInfo.InvariantCulture))));
                }
                else if (arm is SimulationArm.Manual or SimulationArm.SemiAuto or SimulationArm.FullAuto)
                {
                    var report = await loop.RunCycleAsync(cancellationToken).ConfigureAwait(false);
                    onCycle?.Invoke(arm, report);
                    foreach (var item in report.Improvements.Where(i => i.Action == "applied"))
                    {
                        figures.Applied++;
                        figures.Events.Add(string.Create(CultureInfo.InvariantCulture, $"d{day + 1} applied: {item.Title}"));
                    }

                    proposed.AddRange(report.Verifications.Where(v => v.Action == "rollback_proposed").Select(v => v.ImprovementId));
                    foreach (var v in report.Verifications.Where(v => v.Verdict != "insufficient_data"))
                    {
                        figures.Verified++;
                        if (v.Action == "rolled_back")
                        {
                            figures.RolledBack++;
                        }

                        var title = (await learning.GetImprovementAsync(v.ImprovementId, cancellationToken).ConfigureAwait(false))?.Title ?? v.ImprovementId;
                        figures.Events.Add(string.Create(CultureInfo.InvariantCulture, $"d{day + 1} {v.Verdict}{(v.Action is { } a ? " → " + a : string.Empty)}: {title}"));
                    }

                    // A person, once a week: approves what waits, performs the rollbacks the loop proposed.
                    if (arm != SimulationArm.FullAuto && day % 7 == 6)
                    {
                        foreach (var id in proposed)
                        {
                            var back = await executor.RollbackImprovementAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
                            if (back.Success)
                            {
                                figures.RolledBack++;
                                figures.Events.Add("person rolled back " + (back.Improvement?.Title ?? id));
                            }
                        }

                        proposed.Clear();

                        foreach (var pending in await learning.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 100, cancellationToken).ConfigureAwait(false))
                        {
                            var approved = await loop.ApproveAsync(pending.Id, cancellationToken).ConfigureAwait(false);
                            if (approved.Outcome == ImprovementOutcome.Applied)
                            {
                                figures.Applied++;
                                figures.Events.Add(string.Create(CultureInfo.InvariantCulture, $"d{day + 1} person approved: {pending.Title}"));
                            }
                        }
                    }
                }

                // The world's ground truth on every value that differs from the initial config.
                var now = Values(await store.ReadAsync(cancellationToken).ConfigureAwait(false));
                result.ConfigViolations += Violations(spec, now);
                var differing = now.Where(kv => !initial.TryGetValue(kv.Key, out var was) || !Same(was, kv.Value)).Select(kv => kv.Key + " = " + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
                foreach (var key in differing)
                {
                    if (!truth.TryGetValue(key, out var judged))
                    {
                        truth[key] = judged = Judge(world, baseline, initial, key, now);
                    }

                    if (judged.Harmful && !active.ContainsKey(key))
                    {
                        var harm = new HarmfulChange { Change = key, Why = judged.Why, AppliedDay = day + 1 };
                        active[key] = harm;
                        result.Harmful.Add(harm);
                    }
                }

                foreach (var (key, harm) in active.ToList())
                {
                    if (!differing.Contains(key))
                    {
                        harm.RemovedDay = day + 1;
                        active.Remove(key);
                    }
                }
            }

            // A rollback of a change the ground truth calls beneficial.
            foreach (var record in await learning.GetImprovementsAsync(ImprovementStatus.RolledBack, null, 1000, cancellationToken).ConfigureAwait(false))
            {
                if (record.Changes.Any(c => truth.TryGetValue(c.Path + " = " + Convert.ToString(c.NewValue, CultureInfo.InvariantCulture), out var t) && t.Beneficial))
                {
                    result.BeneficialRolledBack++;
                }
            }

            return result;
        }
        finally
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            SqliteConnection.ClearAllPools();
        }
    }

    private static (bool Harmful, bool Beneficial, string Why) Judge(SimulatedWorld world, Dictionary<string, Alpha.Learning.SimulatedAgent.TypeOutcome> baseline, Dictionary<string, object?> initial, string key, Dictionary<string, object?> now)
    {
        var path = key[..key.IndexOf(" = ", StringComparison.Ordinal)];
        var with = new Dictionary<string, object?>(initial, StringComparer.Ordinal) { [path] = now[path] };
        var expected = world.Expected(with);
        var worst = expected.Select(kv => (Task: kv.Key, Drop: baseline[kv.Key].SuccessRate - kv.Value.SuccessRate)).MaxBy(x => x.Drop);
        static double Total(Dictionary<string, TypeOutcome> o, Func<TypeOutcome, double> f) => o.Values.Sum(f) / o.Values.Sum(x => x.Tasks);
        var success = Total(expected, o => o.Successes) - Total(baseline, o => o.Successes);
        var cost = (Total(expected, o => o.Cost) / Total(baseline, o => o.Cost)) - 1;
        if (worst.Drop > 0.02)
        {
            return (true, false, string.Create(CultureInfo.InvariantCulture, $"success of {worst.Task} {-worst.Drop * 100:+0.0;-0.0} pts"));
        }

        if (cost > 0.05 && success < 0.01)
        {
            return (true, false, string.Create(CultureInfo.InvariantCulture, $"cost per task {cost:+0%}"));
        }

        var helps = expected.Any(kv => kv.Value.SuccessRate - baseline[kv.Key].SuccessRate > 0.005 || kv.Value.CostPerTask < baseline[kv.Key].CostPerTask * 0.97);
        return (false, helps || success > 0.002 || cost < -0.02, string.Empty);
    }

    /// <summary>Values outside what the world accepts: unknown kinds of path, numbers out of range, unknown models.</summary>
    private static int Violations(WorldSpec spec, IReadOnlyDictionary<string, object?> config)
    {
        var bad = 0;
        foreach (var (path, value) in config)
        {
            var ok = path switch
            {
                _ when path.StartsWith("tasks.timeouts.", StringComparison.Ordinal) => value is long or double && Convert.ToDouble(value, CultureInfo.InvariantCulture) is >= 1 and <= 600,
                _ when path.StartsWith("model_routing.", StringComparison.Ordinal) => value is string m && (m == spec.PremiumModel || m == spec.CheapModel),
                _ when path.EndsWith(".max_retries", StringComparison.Ordinal) => value is long n && n is >= 0 and <= 10,
                _ when path.EndsWith(".backoff_seconds", StringComparison.Ordinal) => value is long or double && Convert.ToDouble(value, CultureInfo.InvariantCulture) is >= 0 and <= 300,
                _ when path.EndsWith(".deduplicate_calls", StringComparison.Ordinal) || path.EndsWith(".cache_results", StringComparison.Ordinal) => value is bool,
                _ when path.EndsWith(".timeout", StringComparison.Ordinal) => value is long or double && Convert.ToDouble(value, CultureInfo.InvariantCulture) is >= 1 and <= 600,
                _ => false,
            };
            bad += ok ? 0 : 1;
        }

        return bad;
    }

    private static Dictionary<string, object?> Values(ConfigSnapshot snapshot)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var path in snapshot.Paths)
        {
            if (snapshot.TryGetValue(path, out var v))
            {
                values[path] = v;
            }
        }

        return values;
    }

    private static bool Same(object? a, object? b) => Equals(a, b) || (a is long or double && b is long or double && Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture));
}
