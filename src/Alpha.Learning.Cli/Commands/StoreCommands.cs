using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Improvements;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>history</c>, <c>pending</c> and <c>status</c>: what the learning store holds.</summary>
internal static class StoreCommands
{
    public const string ModeStateKey = Alpha.Learning.Loop.FeedbackLoop.ModeStateKey;

    public static Command History()
    {
        var db = StoreAccess.Db();
        var format = CommonOptions.Format();
        var limit = CommonOptions.WholeNumber("--limit", 1, 1_000_000, "The most improvements to list, newest first (1 to 1000000; the default is 100).", "N");
        var all = new Option<bool>("--all") { Description = "Also list dry runs (the plans checked before each apply, and those of 'cycle --dry-run')." };
        var command = new Command("history", "List the improvements: applied, rolled back, pending, failed, with their changes and verdicts, newest first.") { db, format, limit, all };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = StoreAccess.OpenExisting(parse.GetValue(db)!);
            using var storeLifetime = (IDisposable)store;
            var max = parse.GetValue(limit) ?? 100;
            var records = await store.GetImprovementsAsync(null, null, parse.GetValue(all) ? max : max * 4, cancellationToken).ConfigureAwait(false);
            if (!parse.GetValue(all))
            {
                records = [.. records.Where(r => r.Status != ImprovementStatus.DryRun).Take(max)];
            }

            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("improvements");
                    foreach (var r in records)
                    {
                        StoreAccess.Improvement(json, r);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
            }
            else
            {
                StoreAccess.ImprovementTable(Console.Out, records, "No improvements recorded yet.");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    public static Command Pending()
    {
        var db = StoreAccess.Db();
        var format = CommonOptions.Format();
        var command = new Command("pending", "List the improvements waiting for approval, newest first.") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = StoreAccess.OpenExisting(parse.GetValue(db)!);
            using var storeLifetime = (IDisposable)store;
            var records = await store.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 1000, cancellationToken).ConfigureAwait(false);
            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("pending");
                    foreach (var r in records)
                    {
                        StoreAccess.Improvement(json, r);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                });
            }
            else
            {
                StoreAccess.ImprovementTable(Console.Out, records, "Nothing waits for approval.");
                if (records.Count > 0)
                {
                    Console.Out.WriteLine();
                    Console.Out.WriteLine("Approve with: alpha-learn approve ID --db FILE --config FILE;  reject with: alpha-learn reject ID --db FILE");
                }
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    public static Command Status()
    {
        var db = StoreAccess.Db();
        var format = CommonOptions.Format();
        var grace = CommonOptions.WholeNumber("--heartbeat-grace", 1, 100_000, "How many minutes past its due run a scheduled loop on another host still counts as running (1 to 100000; the default is 30). A loop on this host counts as running while its process lives.", "MINUTES");
        var command = new Command("status", "Show the loop's mode, cycle count, last cycle, the cycle lease, whether a scheduled loop runs, improvements applied today and those waiting for approval.") { db, format, grace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = StoreAccess.OpenExisting(parse.GetValue(db)!);
            using var storeLifetime = (IDisposable)store;
            var mode = await store.GetStateAsync(ModeStateKey, cancellationToken).ConfigureAwait(false) ?? "semi_auto";
            var count = await store.GetCycleCountAsync(cancellationToken).ConfigureAwait(false);
            var last = await store.GetLastCycleAsync(cancellationToken).ConfigureAwait(false);
            var (start, end) = StoreAccess.TodayUtc(TimeProvider.System);
            var today = await store.CountAppliedInWindowAsync(start, end, cancellationToken).ConfigureAwait(false);
            var pending = (await store.GetImprovementsAsync(ImprovementStatus.PendingApproval, null, 100_000, cancellationToken).ConfigureAwait(false)).Count;
            var now = TimeProvider.System.GetUtcNow();
            var lease = await store.GetLeaseAsync("feedback-loop-cycle", cancellationToken).ConfigureAwait(false);
            var heartbeat = await Alpha.Learning.Loop.LoopHeartbeat.ReadAsync(store, cancellationToken).ConfigureAwait(false);
            var loopRunning = heartbeat is not null && heartbeat.IsRunning(now, TimeSpan.FromMinutes(parse.GetValue(grace) ?? 30));
            var lastStatus = last is null ? null : Alpha.Learning.Loop.LoopHeartbeat.IsInterrupted(last, lease, now) ? "interrupted" : Alpha.Learning.EnumNames.ToName(last.Status);
            var leaseLive = lease is not null && lease.ExpiresAt > now && (last is null || !string.Equals(lastStatus, "interrupted", StringComparison.Ordinal) || !string.Equals(lease.Owner, last.Owner, StringComparison.Ordinal));
            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("mode", mode);
                    json.WriteNumber("cycleCount", count);
                    if (last is null)
                    {
                        json.WriteNull("lastCycle");
                    }
                    else
                    {
                        json.WriteStartObject("lastCycle");
                        json.WriteNumber("cycleNumber", last.CycleNumber);
                        json.WriteString("status", lastStatus);
                        json.WriteString("startedAt", last.StartedAt);
                        if (last.FinishedAt is { } finished)
                        {
                            json.WriteString("finishedAt", finished);
                        }

                        if (last.Reason is not null)
                        {
                            json.WriteString("reason", last.Reason);
                        }

                        json.WriteEndObject();
                    }

                    if (lease is null || !leaseLive)
                    {
                        json.WriteNull("lease");
                    }
                    else
                    {
                        json.WriteStartObject("lease");
                        json.WriteString("holder", lease.Owner);
                        json.WriteString("since", lease.AcquiredAt);
                        json.WriteString("expiresAt", lease.ExpiresAt);
                        json.WriteEndObject();
                    }

                    json.WriteBoolean("running", loopRunning);
                    if (loopRunning && heartbeat!.NextRunAt is { } nextRun)
                    {
                        json.WriteString("nextRunAt", nextRun);
                    }
                    else
                    {
                        json.WriteNull("nextRunAt");
                    }

                    json.WriteNumber("appliedToday", today);
                    json.WriteNumber("pendingApproval", pending);
                    json.WriteEndObject();
                });
            }
            else
            {
                Console.Out.WriteLine($"Mode:             {mode}");
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cycles:           {count}"));
                Console.Out.WriteLine(last is null
                    ? "Last cycle:       none"
                    : $"Last cycle:       #{last.CycleNumber} {lastStatus} at {Output.Timestamp(last.StartedAt)}{(last.Reason is null ? string.Empty : " — " + Output.Safe(last.Reason, 120))}");
                Console.Out.WriteLine(lease is null || !leaseLive
                    ? "Cycle lease:      free"
                    : $"Cycle lease:      held by {Output.Safe(lease.Owner, 80)} since {Output.Timestamp(lease.AcquiredAt)}, until {Output.Timestamp(lease.ExpiresAt)} unless renewed");
                Console.Out.WriteLine(loopRunning
                    ? $"Scheduled loop:   running ({Output.Safe(heartbeat!.Owner, 80)}){(heartbeat.NextRunAt is { } due ? ", next run " + Output.Timestamp(due) : ", paused")}"
                    : "Scheduled loop:   not running");
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Applied today:    {today} (UTC day)"));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pending approval: {pending}"));
            }

            return CommandLineApp.Success;
        });
        return command;
    }
}
