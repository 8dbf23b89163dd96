using System.CommandLine;

namespace Alpha.Learning.Cli;

/// <summary>Runs a parsed command with the contract's exit codes: 0 success, 1 bad input, 2 usage error.</summary>
internal static class CommandLineApp
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int UsageError = 2;

    /// <summary>A cycle skipped because another live cycle holds the lease (stderr says who and since when).</summary>
    public const int LeaseHeld = 4;

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 || parse.UnmatchedTokens.Count > 0)
        {
            // --help clears parse errors, so an unknown command with --help is caught by its unmatched tokens.
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"alpha-learn: {OneLine(error.Message)}").ConfigureAwait(false);
            }

            if (parse.Errors.Count == 0)
            {
                await Console.Error.WriteLineAsync($"alpha-learn: unknown command or argument '{OneLine(string.Join(' ', parse.UnmatchedTokens))}'.").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'alpha-learn --help' (or 'alpha-learn COMMAND --help') for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // Never disposed: a signal may arrive while the process ends, and its handler must still find it.
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // SIGTERM (a service manager stopping the tool) cancels like Ctrl+C: reads stop within a second, the lease is released.
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            foreach (var option in parse.CommandResult.Command.Options)
            {
                // Only a --db given on the command line: reading a missing required option's value would throw (and --help
                // must work without one).
                if (option is Option<string> db && option.Name.TrimStart('-') == "db" && parse.GetResult(db) is { Tokens: [{ Value: { Length: > 0 } dbPath }] })
                {
                    StoreAccess.CheckLinks(dbPath);
                }
            }

            // The signals are ours (above): System.CommandLine's own handler would cancel the command's token before this
            // one, and its OperationCanceledException would escape as a crash (exit 134) instead of "cancelled" (130).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancel.Token).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await Console.Error.WriteLineAsync($"alpha-learn: {OneLine(ex.Message)}").ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("alpha-learn: cancelled.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            await Console.Error.WriteLineAsync($"alpha-learn: {OneLine(ex.Message)}").ConfigureAwait(false);
            return BadInput;
        }
    }

    private static bool IsInputError(Exception ex) => ex is CliInputException or IOException or UnauthorizedAccessException
        or ArgumentException or FormatException or InvalidDataException or System.Text.Json.JsonException
        || ex.GetType().Name.EndsWith("StoreException", StringComparison.Ordinal)
        || ex.GetType().Name.EndsWith("ConfigException", StringComparison.Ordinal);

    /// <summary>A message on one line with every control character escaped: it names files, paths and ids a person or an attacker chose.</summary>
    private static string OneLine(string message) => Output.Safe(message.ReplaceLineEndings(" "), Output.SentenceMax);
}
