using System.CommandLine;
using System.Globalization;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>alpha-learn purge --db DB [--older-than DAYS]</c>: removes what the learning store no longer needs.</summary>
internal static class PurgeCommand
{
    /// <summary>The default age, the same as the loop's default retention (<c>FeedbackLoopOptions.Retention</c>).</summary>
    public const int DefaultDays = 180;

    public static Command Create() => Create(TimeProvider.System);

    public static Command Create(TimeProvider time)
    {
        var db = StoreAccess.Db();
        var olderThan = new Option<int>("--older-than")
        {
            Description = $"Remove what is older than this many days: patterns last seen, metrics, correlations, cycle runs and finished improvements (applied ones and their history are kept). The default value is {DefaultDays}.",
            DefaultValueFactory = _ => DefaultDays,
            HelpName = "DAYS",
        };
        var command = new Command("purge", "Remove old records from the learning store (the loop does it after each cycle, per its Retention setting).") { db, olderThan };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var days = parse.GetValue(olderThan);
            if (days < 1)
            {
                throw new CliUsageException($"--older-than must be a whole number of days of at least 1, not {days}.");
            }

            var path = parse.GetValue(db)!;
            StoreAccess.RequireFile(path);

            var cutOff = time.GetUtcNow().AddDays(-days);
            var store = StoreAccess.OpenWritable(path);
            using var storeLifetime = (IDisposable)store;
            var removed = await store.PurgeAsync(cutOff, cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Purged what is older than {cutOff:yyyy-MM-dd HH:mm}Z ({days} days): {removed.Patterns:N0} patterns, {removed.PatternHistory:N0} pattern history rows, {removed.Improvements:N0} improvements, {removed.PathChanges:N0} path changes, {removed.Metrics:N0} metric values, {removed.Correlations:N0} correlations, {removed.Verifications:N0} verifications, {removed.CycleRuns:N0} cycle runs."));
            return CommandLineApp.Success;
        });
        return command;
    }
}
