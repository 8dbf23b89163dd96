using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Loop;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>cycle</c>, <c>approve</c>, <c>reject</c> and <c>rollback</c>: the commands that act.</summary>
internal static class LoopCommands
{
    public static Command Cycle()
    {
        var logs = CommonOptions.Logs(required: true);
        var config = CliHost.Config(required: true);
        var db = StoreAccess.Db();
        var mode = new Option<string?>("--mode") { Description = "manual: everything waits for approval; semi-auto: safe changes are applied, risky ones wait; full-auto: every valid change is applied. The default is the settings' mode (semi-auto).", HelpName = "manual|semi-auto|full-auto" };
        mode.AcceptOnlyFromAmong("manual", "semi-auto", "full-auto");
        var days = CommonOptions.WholeNumber("--days", 1, CommonOptions.MaxDays, "Analyse the last N days (the default is the settings' AnalysisWindowDays, 7).", "N");
        var dryRun = new Option<bool>("--dry-run") { Description = "Plan every change and show the diff; write nothing, queue nothing." };
        var settings = CliHost.Settings();
        var format = CommonOptions.Format();
        var verbose = CliHost.Verbose();
        var instance = FleetOption.Instance();
        var command = new Command("cycle", "Run one feedback-loop cycle: analyse, store patterns, apply or queue improvements, verify earlier ones.")
        {
            logs, config, db, mode, days, dryRun, settings, format, verbose, instance,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var logPath = parse.GetValue(logs)!;
            if (!File.Exists(logPath) && !Directory.Exists(logPath))
            {
                throw new CliInputException($"The log path '{logPath}' does not exist.");
            }

            var configPath = parse.GetValue(config)!;
            if (!File.Exists(configPath))
            {
                throw new CliInputException(Directory.Exists(configPath) ? $"--config names the folder '{Output.Safe(configPath)}'; give the path of the YAML or JSON config file." : $"The config file '{Output.Safe(configPath)}' does not exist.");
            }

            if (parse.GetValue(days) is { } d && d <= 0)
            {
                throw new CliUsageException($"--days must be a positive number of days, not {d}.");
            }

            await using var services = CliHost.Build(parse.GetValue(settings), parse.GetValue(verbose), o =>
            {
                o.Logs.Paths = [logPath]; // the one place for log paths (a settings file's Loop:LogPaths would conflict)
                o.Loop.LogPaths = [];
                o.Store.DatabasePath = parse.GetValue(db)!;
                o.Config.Path = configPath;
                if (parse.GetValue(mode) is { } m)
                {
                    o.Loop.Mode = CliHost.ParseMode(m);
                }

                if (parse.GetValue(days) is { } n)
                {
                    o.Loop.AnalysisWindowDays = n;
                }

                if (parse.GetValue(instance) is { } name)
                {
                    o.Loop.Fleet.Instance = name;
                }
            });
            var loop = CliHost.Get<FeedbackLoop>(services);
            var executor = CliHost.Get<ImprovementExecutor>(services);
            await executor.RecoverAsync(cancellationToken).ConfigureAwait(false);
            var report = await loop.RunCycleAsync(new RunCycleOptions { DryRun = parse.GetValue(dryRun) }, cancellationToken).ConfigureAwait(false);
            if (CommonOptions.IsJson(parse, format))
            {
                Output.Json(report.WriteTo);
            }
            else
            {
                WriteReport(Console.Out, report);
            }

            return await ExitCodeAsync(report, parse.GetValue(db)!, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// The exit code of a cycle: 4 when it was skipped because another cycle holds the lease (stderr names the holder
    /// and since when), 1 when it failed or attempted changes and saw every one fail, else 0.
    /// </summary>
    private static async Task<int> ExitCodeAsync(CycleReport report, string db, CancellationToken cancellationToken)
    {
        if (report.Status == CycleStatus.Skipped)
        {
            string holder;
            var store = StoreAccess.OpenWritable(db, create: true);
            using (store as IDisposable)
            {
                var lease = await store.GetLeaseAsync("feedback-loop-cycle", cancellationToken).ConfigureAwait(false);
                holder = lease is null
                    ? "the holder has released it since"
                    : string.Create(CultureInfo.InvariantCulture, $"held by {Output.Safe(lease.Owner, 80)} (process id before the colon) since {Output.Timestamp(lease.AcquiredAt)}, until {Output.Timestamp(lease.ExpiresAt)} unless renewed");
            }

            Console.Error.WriteLine($"Cycle skipped: another cycle holds the cycle lease ({holder}).");
            return CommandLineApp.LeaseHeld;
        }

        if (report.Status == CycleStatus.Failed)
        {
            return CommandLineApp.BadInput;
        }

        int failed = report.Count("failed"), applied = report.Count("applied");
        if (failed > 0 && applied == 0 && !report.DryRun)
        {
            var first = report.Improvements.First(i => string.Equals(i.Action, "failed", StringComparison.Ordinal));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Every change the cycle attempted failed ({failed} failed, none applied); the first: {Output.Safe(first.Reason, 300)}"));
            return CommandLineApp.BadInput;
        }

        return CommandLineApp.Success;
    }

    public static Command Approve()
    {
        var id = new Argument<string>("ID") { Description = "The id of the improvement waiting for approval (see 'alpha-learn pending')." };
        var db = StoreAccess.Db();
        var config = CliHost.Config(required: true);
        var settings = CliHost.Settings();
        var command = new Command("approve", "Approve an improvement that waits for approval, and apply it now (re-planned against the current config).") { id, db, config, settings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(parse.GetValue(id)))
            {
                throw new CliUsageException("ID must be the id of an improvement waiting for approval (see 'alpha-learn pending'); it is empty.");
            }

            await using var services = ActingServices(parse, db, config, settings);
            var executor = CliHost.Get<ImprovementExecutor>(services);
            var result = await executor.ApproveAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != ImprovementOutcome.Applied)
            {
                throw new CliInputException($"Improvement '{parse.GetValue(id)}' was not applied ({EnumNames.ToName(result.Outcome)}): {result.Reason}");
            }

            Console.Out.WriteLine($"Applied {result.Improvement?.Id}: {Output.Safe(result.Improvement?.Title, 100)}");
            WriteChanges(Console.Out, result.Changes);
            return CommandLineApp.Success;
        });
        return command;
    }

    public static Command Reject()
    {
        var id = new Argument<string>("ID") { Description = "The id of the improvement waiting for approval." };
        var db = StoreAccess.Db();
        var reason = new Option<string?>("--reason") { Description = "Why, for the record.", HelpName = "TEXT" };
        var command = new Command("reject", "Reject an improvement that waits for approval; it is never applied.") { id, db, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            var store = StoreAccess.OpenWritable(path);
            using var storeLifetime = (IDisposable)store;
            var improvementId = parse.GetValue(id)!;
            var record = await store.GetImprovementAsync(improvementId, cancellationToken).ConfigureAwait(false)
                ?? throw new CliInputException($"No improvement has the id '{improvementId}'.");
            var rejected = await store.UpdateImprovementStatusAsync(improvementId, ImprovementStatus.Rejected, ImprovementStatus.PendingApproval, parse.GetValue(reason) ?? "Rejected by a person.", TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (!rejected)
            {
                throw new CliInputException($"Improvement '{improvementId}' is {EnumNames.ToName(record.Status)}, not pending approval: it cannot be rejected.");
            }

            Console.Out.WriteLine($"Rejected {improvementId}: {Output.Safe(record.Title, 100)}");
            return CommandLineApp.Success;
        });
        return command;
    }

    public static Command Rollback()
    {
        var id = new Argument<string?>("ID") { Description = "The id of the applied improvement to roll back.", Arity = ArgumentArity.ZeroOrOne };
        var last = new Option<bool>("--last") { Description = "Roll back the most recently applied improvement." };
        var force = new Option<bool>("--force") { Description = "Roll back even if someone changed the same paths since (their change is overwritten)." };
        var db = StoreAccess.Db();
        var config = CliHost.Config(required: true);
        var settings = CliHost.Settings();
        var command = new Command("rollback", "Revert exactly one improvement's changes; refused if the same paths changed since (unless --force).") { id, last, force, db, config, settings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var improvementId = parse.GetValue(id);
            if (improvementId is null == !parse.GetValue(last))
            {
                throw new CliUsageException("Name the improvement to roll back (ID) or give --last, not both.");
            }

            await using var services = ActingServices(parse, db, config, settings);
            RollbackResult result;
            if (parse.GetValue(last))
            {
                result = await CliHost.Get<FeedbackLoop>(services).RollbackLastImprovementAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = await CliHost.Get<ImprovementExecutor>(services).RollbackImprovementAsync(improvementId!, new RollbackOptions { Force = parse.GetValue(force) }, cancellationToken).ConfigureAwait(false);
            }

            if (!result.Success)
            {
                throw new CliInputException($"Not rolled back: {result.Reason}");
            }

            Console.Out.WriteLine($"Rolled back {result.Improvement?.Id}: {Output.Safe(result.Improvement?.Title, 100)}");
            WriteChanges(Console.Out, result.Changes);
            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>How many skipped recommendations the text report lists before "and N more".</summary>
    private const int SkippedShown = 10;

    public static void WriteReport(TextWriter text, CycleReport report)
    {
        text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cycle {report.CycleNumber}: {report.Status.ToString().ToLowerInvariant()} in {EnumNames.ToName(report.Mode)} mode{(report.DryRun ? " (dry run)" : string.Empty)}; {report.EventsAnalyzed:N0} events analysed, {report.MalformedLines:N0} malformed lines skipped."));
        if (report.Reason is { } reason)
        {
            text.WriteLine(Output.Safe(reason, Output.SentenceMax));
        }

        text.WriteLine();
        AnalysisOutput.PatternTable(text, report.Patterns, 15);
        text.WriteLine();
        text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Improvements: {report.Count("applied")} applied, {report.Count("pending_approval")} pending approval, {report.Count("dry_run")} dry run, {report.Count("failed")} failed, {report.Count("skipped")} skipped."));
        foreach (var item in report.Improvements.Where(i => i.Action != "skipped"))
        {
            text.WriteLine($"  [{item.Action}] {Output.Safe(item.Title, 80)}{(item.ImprovementId is null ? string.Empty : $"  ({item.ImprovementId})")}");
            WriteChanges(text, item.Changes, "      ");
            text.WriteLine($"      {Output.Safe(item.Reason, Output.SentenceMax)}");
        }

        var skipped = report.Improvements.Where(i => i.Action == "skipped").ToList();
        if (skipped.Count > 0)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Skipped ({skipped.Count}):"));
            foreach (var item in skipped.Take(SkippedShown))
            {
                text.WriteLine($"    {Output.Safe(item.Title, 60)}: {Output.Safe(item.Reason, Output.SentenceMax)}");
            }

            if (skipped.Count > SkippedShown)
            {
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    … and {skipped.Count - SkippedShown} more (--format json lists all)"));
            }
        }

        if (report.Verifications.Count > 0)
        {
            text.WriteLine();
            text.WriteLine("Verification of earlier improvements:");
            foreach (var v in report.Verifications)
            {
                text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {v.ImprovementId}: {v.Verdict} ({EnumNames.ToName(v.Metric)}, {v.Before} events before, {v.After} after{(v.PValue is { } p ? $", p = {p:0.####}" : string.Empty)}){(v.Action is null ? string.Empty : " → " + v.Action)}"));
            }
        }
    }

    public static void WriteChanges(TextWriter text, IReadOnlyList<ConfigChange> changes, string indent = "  ")
    {
        foreach (var c in changes)
        {
            text.WriteLine($"{indent}{Output.Safe(c.Path, Output.SentenceMax)}: {AnalysisOutput.Text(c.OldValue)} -> {(c.RemoveKey ? "(removed)" : AnalysisOutput.Text(c.NewValue))}");
        }
    }

    private static Microsoft.Extensions.DependencyInjection.ServiceProvider ActingServices(ParseResult parse, Option<string> db, Option<string> config, Option<string?> settings)
    {
        var dbPath = parse.GetValue(db)!;
        StoreAccess.RequireFile(dbPath);

        var configPath = parse.GetValue(config)!;
        if (!File.Exists(configPath))
        {
            throw new CliInputException(Directory.Exists(configPath) ? $"--config names the folder '{Output.Safe(configPath)}'; give the path of the YAML or JSON config file." : $"The config file '{Output.Safe(configPath)}' does not exist.");
        }

        return CliHost.Build(parse.GetValue(settings), verbose: false, o =>
        {
            o.Store.DatabasePath = dbPath;
            o.Config.Path = configPath;
        });
    }
}
