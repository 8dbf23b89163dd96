using System.CommandLine;
using System.Globalization;
using Alpha.Learning.Storage;

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
        var command = new Command("status", "Show the loop's mode, cycle count, last cycle, improvements applied today and those waiting for approval.") { db, format };
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
                        json.WriteString("status", Alpha.Learning.EnumNames.ToName(last.Status));
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
                    : $"Last cycle:       #{last.CycleNumber} {Alpha.Learning.EnumNames.ToName(last.Status)} at {Output.Timestamp(last.StartedAt)}{(last.Reason is null ? string.Empty : " — " + Output.Safe(last.Reason, 120))}");
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Applied today:    {today} (UTC day)"));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Pending approval: {pending}"));
            }

            return CommandLineApp.Success;
        });
        return command;
    }
}
