using System.Globalization;
using System.IO.Compression;

using Alpha.Learning.Internal;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Finds the log files of a query and puts them in time order.
/// </summary>
internal static class LogFileSet
{
    /// <summary>Returns whether a file name is a log file: <c>*.json</c>, <c>*.jsonl</c>, a numbered rotation of either, and each with <c>.gz</c>.</summary>
    public static bool IsLogFileName(string fileName)
    {
        var name = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName;
        RotationIndex(name, out var baseName);
        return baseName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || baseName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Expands folders and checks files; throws a clear error for a path that does not exist. Only regular files
    /// are kept: FIFOs (whose open blocks), devices, sockets and dangling links are skipped, each reported to
    /// <paramref name="statistics"/> with its reason, before anything opens them.
    /// </summary>
    public static List<string> Resolve(IReadOnlyList<string> paths, LogReadStatistics? statistics = null)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("A log path is empty.", nameof(paths));
            }

            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                foreach (var file in Directory.EnumerateFiles(full))
                {
                    if (IsLogFileName(Path.GetFileName(file)) && seen.Add(file) && IsReadable(file, statistics))
                    {
                        files.Add(file);
                    }
                }
            }
            else if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
            {
                if (seen.Add(full) && IsReadable(full, statistics))
                {
                    files.Add(full);
                }
            }
            else
            {
                throw new FileNotFoundException($"The log path '{path}' does not exist.", path);
            }
        }

        return files;
    }

    /// <summary>Whether a file is a regular file (through links); anything else is recorded as skipped with its reason.</summary>
    public static bool IsReadable(string file, LogReadStatistics? statistics)
    {
        var kind = UnixFileKind.Of(file);
        (SkippedFileReason Reason, string Detail)? skip = kind switch
        {
            FileKind.Regular => null,
            FileKind.Fifo => (SkippedFileReason.Fifo, "a named pipe (FIFO); it is never opened, since opening one waits for a writer"),
            FileKind.CharacterDevice or FileKind.BlockDevice => (SkippedFileReason.Device, "a device, not a regular file"),
            FileKind.Socket => (SkippedFileReason.Socket, "a socket, not a regular file"),
            FileKind.DanglingLink => (SkippedFileReason.DanglingLink, "a symbolic link whose target does not exist"),
            FileKind.Missing => (SkippedFileReason.Unreadable, "it disappeared before it was read"),
            _ => (SkippedFileReason.Unreadable, "not a regular file"),
        };
        if (kind == FileKind.Directory)
        {
            return false;
        }

        if (skip is { } s)
        {
            statistics?.RecordSkippedFile(file, s.Reason, s.Detail);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Orders files by the first timestamp each holds; files without one keep rotation order
    /// (<c>app.jsonl.2</c> before <c>app.jsonl.1</c> before <c>app.jsonl</c>), then name.
    /// </summary>
    public static List<string> OrderByTime(List<string> files, JsonLinesLogSourceOptions options, TimeZoneInfo? naiveZone)
    {
        if (files.Count < 2)
        {
            return files;
        }

        var keyed = new List<(DateTimeOffset? First, string Base, int Rotation, string File)>(files.Count);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var plain = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
            var rotation = RotationIndex(plain, out var baseName);
            keyed.Add((FirstTimestamp(file, options, naiveZone), baseName, rotation, file));
        }

        // A total order: files whose first timestamp is unknown come first, then by time, base name, rotation
        // (app.jsonl.2 before app.jsonl.1 before app.jsonl) and path.
        keyed.Sort(static (a, b) =>
        {
            var byTime = (a.First ?? DateTimeOffset.MinValue).CompareTo(b.First ?? DateTimeOffset.MinValue);
            if (byTime != 0)
            {
                return byTime;
            }

            var byBase = string.CompareOrdinal(a.Base, b.Base);
            if (byBase != 0)
            {
                return byBase;
            }

            var byRotation = b.Rotation.CompareTo(a.Rotation);
            return byRotation != 0 ? byRotation : string.CompareOrdinal(a.File, b.File);
        });
        return keyed.ConvertAll(k => k.File);
    }

    /// <summary>Opens a file for reading, decompressing it when it starts with the gzip magic bytes.</summary>
    /// <param name="file">The file.</param>
    /// <param name="raw">The file stream itself, whose position counts the bytes read from disk.</param>
    public static Stream Open(string file, out FileStream raw) =>
        Open(file, out raw, JsonLinesLogSourceOptions.DefaultMaxDecompressedBytes, JsonLinesLogSourceOptions.DefaultMaxDecompressedLines);

    /// <summary>Opens a file for reading, decompressing it when it starts with the gzip magic bytes, up to the caps given.</summary>
    /// <param name="file">The file.</param>
    /// <param name="raw">The file stream itself, whose position counts the bytes read from disk.</param>
    /// <param name="options">The options whose decompression caps apply.</param>
    public static Stream Open(string file, out FileStream raw, JsonLinesLogSourceOptions options) =>
        Open(file, out raw, options.MaxDecompressedBytes, options.MaxDecompressedLines, options.MaxLineBytes, options.UnterminatedLineGrace);

    private static Stream Open(string file, out FileStream raw, long maxBytes, long maxLines, int maxLineBytes = 0, TimeSpan lineGrace = default)
    {
        var stream = new FileStream(file, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        raw = stream;
        if (!IsGzip(stream))
        {
            return lineGrace > TimeSpan.Zero ? LineBeingWritten.Exclude(stream, file, maxLineBytes, lineGrace) : stream;
        }

        return new GzipReadLimit(new GZipStream(stream, CompressionMode.Decompress, leaveOpen: false), stream, maxBytes, maxLines);
    }

    private static bool IsGzip(FileStream stream)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = stream.Read(magic);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private static int RotationIndex(string name, out string baseName)
    {
        var dot = name.LastIndexOf('.');
        if (dot > 0 && int.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            baseName = name[..dot];
            return index;
        }

        baseName = name;
        return 0;
    }

    private static DateTimeOffset? FirstTimestamp(string file, JsonLinesLogSourceOptions options, TimeZoneInfo? naiveZone)
    {
        try
        {
            using var stream = Open(file, out _);
            var buffer = new byte[64 * 1024];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            var parser = new JsonLineParser(options.MaxDepth, naiveZone);
            var span = buffer.AsSpan(0, length);
            while (!span.IsEmpty)
            {
                var newline = span.IndexOf((byte)'\n');
                if (newline < 0 && length == buffer.Length)
                {
                    break; // A line cut by the probe's buffer: do not guess.
                }

                var line = newline < 0 ? span : span[..newline];
                span = newline < 0 ? default : span[(newline + 1)..];
                if (line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0)
                {
                    continue;
                }

                if (parser.Parse(line, out _, out _) is { } first)
                {
                    return first.Timestamp;
                }
            }
        }
        catch (IOException)
        {
            // The read proper reports an unreadable file; ordering falls back to names.
        }
        catch (InvalidDataException)
        {
        }

        return null;
    }
}
