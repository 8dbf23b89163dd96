using System.CommandLine;
using System.Globalization;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string> Format()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: text for people, json for one JSON document on stdout.",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    public static Option<string> Logs(bool required) => new("--logs")
    {
        Description = "A log file or a folder of log files (*.json, *.jsonl, rotations such as *.jsonl.1, and .gz).",
        Required = required,
        HelpName = "PATH",
    };

    public static Option<int?> Days() => WholeNumber("--days", 1, MaxDays, "Only the last N days (up to now).", "N");

    /// <summary>The most days any option accepts (100 years): more cannot be represented as a date range.</summary>
    public const int MaxDays = 36_500;

    /// <summary>
    /// A whole-number option whose parse errors name the option and the accepted range (instead of .NET type names such
    /// as "System.Nullable`1[System.Int32]" or an "un-representable DateTime" later on).
    /// </summary>
    public static Option<int?> WholeNumber(string name, int min, int max, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (!long.TryParse(token, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} must be a whole number from {min} to {max}, not '{Output.Safe(token, 40)}'."));
                return null;
            }

            return (int)value;
        },
    };

    /// <summary>A decimal option whose parse errors name the option and the accepted range (NaN and infinities refused).</summary>
    public static Option<double?> Decimal(string name, double min, double max, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (!double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || !double.IsFinite(value) || value < min || value > max)
            {
                result.AddError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} must be a number from {min} to {max}, not '{Output.Safe(token, 40)}'."));
                return null;
            }

            return value;
        },
    };

    public static Option<string?> From() => new("--from")
    {
        Description = "Only events at or after this ISO 8601 instant (no offset means UTC).",
        HelpName = "T",
    };

    public static Option<string?> To() => new("--to")
    {
        Description = "Only events before this ISO 8601 instant (no offset means UTC).",
        HelpName = "T",
    };

    public static bool IsJson(ParseResult parse, Option<string> format) =>
        string.Equals(parse.GetValue(format), "json", StringComparison.Ordinal);

    /// <summary>Builds the time range of <c>--days</c> or <c>--from</c>/<c>--to</c>.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) TimeRange(ParseResult parse, Option<int?> days, Option<string?> from, Option<string?> to, TimeProvider time)
    {
        var d = parse.GetValue(days);
        var f = parse.GetValue(from);
        var t = parse.GetValue(to);
        if (d is not null && (f is not null || t is not null))
        {
            throw new CliUsageException("--days cannot be combined with --from or --to.");
        }

        if (d is { } n)
        {
            if (n <= 0)
            {
                throw new CliUsageException($"--days must be a positive number of days, not {n}.");
            }

            var now = time.GetUtcNow();
            return (now.AddDays(-n), null);
        }

        var fromValue = f is null ? (DateTimeOffset?)null : ParseInstant("--from", f);
        var toValue = t is null ? (DateTimeOffset?)null : ParseInstant("--to", t);
        if (fromValue is { } a && toValue is { } b && b <= a)
        {
            throw new CliUsageException($"--to ({t}) must be after --from ({f}).");
        }

        return (fromValue, toValue);
    }

    public static LogQuery Query(string logs, (DateTimeOffset? From, DateTimeOffset? To) range)
    {
        if (!File.Exists(logs) && !Directory.Exists(logs))
        {
            throw new CliInputException($"The log path '{logs}' does not exist.");
        }

        return new LogQuery { Paths = [logs], From = range.From, To = range.To };
    }

    private static DateTimeOffset ParseInstant(string option, string text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new CliUsageException($"{option} '{text}' is not an ISO 8601 date and time (for example 2026-11-20T10:00:00Z).");
    }
}
