using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>Tells OTLP JSON trace files from JSON-lines logs by their content: a first object whose first property is <c>resourceSpans</c>.</summary>
internal static class OtlpFileFormat
{
    /// <summary>Splits files into JSON-lines logs and OTLP JSON traces, each keeping the given order.</summary>
    public static (List<string> JsonLines, List<string> Otlp) Split(IReadOnlyList<string> files)
    {
        var jsonLines = new List<string>(files.Count);
        var otlp = new List<string>();
        foreach (var file in files)
        {
            (IsOtlp(file) ? otlp : jsonLines).Add(file);
        }

        return (jsonLines, otlp);
    }

    /// <summary>Returns whether a file starts like an OTLP JSON document; an unreadable file is left to the JSON-lines reader to report.</summary>
    public static bool IsOtlp(string file)
    {
        try
        {
            using var stream = LogFileSet.Open(file, out _);
            Span<byte> head = stackalloc byte[512];
            var length = 0;
            int read;
            while (length < head.Length && (read = stream.Read(head[length..])) > 0)
            {
                length += read;
            }

            return StartsLikeOtlp(head[..length]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return false;
        }
    }

    public static bool StartsLikeOtlp(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        head = head.TrimStart(" \t\r\n"u8);
        if (head.IsEmpty || head[0] != (byte)'{')
        {
            return false;
        }

        head = head[1..].TrimStart(" \t\r\n"u8);
        return head.StartsWith("\"resourceSpans\""u8) || head.StartsWith("\"resource_spans\""u8);
    }
}
