using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Cli;

/// <summary>Writing for people (escaped text, tables) and for programs (one JSON document on stdout).</summary>
internal static class Output
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON document to stdout.</summary>
    public static void Json(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, JsonOptions))
        {
            write(writer);
        }

        stdout.Write("\n"u8);
    }

    /// <summary>Makes untrusted text (from logs) safe to print: control and line-separator characters escaped, length capped.</summary>
    /// <summary>
    /// The longest reason or message printed whole: the library's sentences are far shorter, so a reason is never cut
    /// mid-sentence; only something absurdly long (a hostile name inside it) is.
    /// </summary>
    public const int SentenceMax = 2000;

    public static string Safe(string? text, int max = 200)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, max) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E')
            {
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string ReasonName(MalformedReason reason) => reason switch
    {
        MalformedReason.InvalidJson => "invalid_json",
        MalformedReason.NotAnObject => "not_an_object",
        MalformedReason.InvalidUtf8 => "invalid_utf8",
        MalformedReason.ControlCharacter => "control_character",
        MalformedReason.TooDeep => "too_deep",
        MalformedReason.DuplicateProperty => "duplicate_property",
        MalformedReason.LineTooLong => "line_too_long",
        MalformedReason.MissingField => "missing_field",
        MalformedReason.InvalidFieldType => "invalid_field_type",
        MalformedReason.InvalidNumber => "invalid_number",
        MalformedReason.InvalidTimestamp => "invalid_timestamp",
        MalformedReason.UnreadableData => "unreadable_data",
        _ => reason.ToString(),
    };

    /// <summary>Writes the <c>ingestion</c> object of the contract.</summary>
    public static void Ingestion(Utf8JsonWriter json, LogReadStatistics stats)
    {
        json.WriteStartObject("ingestion");
        json.WriteNumber("files", stats.Files);
        json.WriteNumber("jsonLinesFiles", stats.Files - stats.OtlpFiles);
        json.WriteNumber("otlpFiles", stats.OtlpFiles);
        json.WriteNumber("spans", stats.Spans);
        json.WriteNumber("bytes", stats.Bytes);
        json.WriteNumber("lines", stats.Lines);
        json.WriteNumber("blankLines", stats.BlankLines);
        json.WriteNumber("events", stats.Events);
        json.WriteNumber("filteredOut", stats.FilteredOut);
        json.WriteNumber("malformed", stats.Malformed);
        json.WriteStartObject("malformedByReason");
        foreach (var (reason, count) in stats.MalformedByReason)
        {
            json.WriteNumber(ReasonName(reason), count);
        }

        json.WriteEndObject();
        json.WriteStartArray("malformedSamples");
        foreach (var sample in stats.Samples)
        {
            json.WriteStartObject();
            json.WriteString("file", sample.File);
            json.WriteNumber("line", sample.Line);
            json.WriteString("reason", ReasonName(sample.Reason));
            json.WriteString("detail", sample.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("skippedFiles");
        foreach (var skipped in stats.SkippedFiles)
        {
            json.WriteStartObject();
            json.WriteString("file", skipped.File);
            json.WriteString("reason", SkipName(skipped.Reason));
            json.WriteString("detail", skipped.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The snake_case name of a skip reason.</summary>
    public static string SkipName(SkippedFileReason reason) => reason switch
    {
        SkippedFileReason.Fifo => "fifo",
        SkippedFileReason.Device => "device",
        SkippedFileReason.Socket => "socket",
        SkippedFileReason.DanglingLink => "dangling_link",
        _ => "unreadable",
    };

    /// <summary>Writes the ingestion figures for people.</summary>
    public static void Ingestion(TextWriter text, LogReadStatistics stats, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-6);
        text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Read {stats.Files} file(s), {Bytes(stats.Bytes)}, {stats.Lines:N0} lines in {elapsed.TotalSeconds:0.00} s ({stats.Bytes / seconds / 1e6:0.0} MB/s)."));
        if (stats.OtlpFiles > 0)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Formats: {stats.Files - stats.OtlpFiles} JSON-lines log file(s), {stats.OtlpFiles} OpenTelemetry OTLP JSON trace file(s) ({stats.Spans:N0} spans)."));
        }

        text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Events: {stats.Events:N0} well-formed ({stats.FilteredOut:N0} outside the time range), {stats.Malformed:N0} malformed, {stats.BlankLines:N0} blank."));
        foreach (var (reason, count) in stats.MalformedByReason)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  malformed {ReasonName(reason),-20} {count,10:N0}"));
        }

        foreach (var sample in stats.Samples)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {Safe(sample.File, 120)}:{sample.Line}: {Safe(sample.Detail, 200)}"));
        }

        foreach (var group in stats.SkippedFiles.GroupBy(f => f.Reason))
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  skipped {SkipName(group.Key),-22} {group.Count(),10:N0}"));
            foreach (var skipped in group.Take(5))
            {
                text.WriteLine($"    {Safe(skipped.File, 160)}: {Safe(skipped.Detail, 200)}");
            }
        }
    }
}
