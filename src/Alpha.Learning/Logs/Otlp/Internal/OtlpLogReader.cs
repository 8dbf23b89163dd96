using System.Buffers;

using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// Reads OTLP JSON trace files (the Collector file exporter's one <c>TracesData</c> document a line, or one
/// pretty-printed document a file; gzip too) into execution events: line by line over the same pooled line reader as
/// the JSON-lines source, each line parsed on its own (a bad line is counted and skipped, the rest of the file is read),
/// spans linked to their tasks by <see cref="OtlpTraceAssembler"/>, the time filter applied to the events.
/// </summary>
internal sealed class OtlpLogReader : ISpanSink
{
    /// <summary>The largest single-document (pretty-printed) file read whole; JSON-lines OTLP files have no such limit.</summary>
    internal const int MaxDocumentBytes = 256 * 1024 * 1024;

    private readonly JsonLinesLogSourceOptions _options;
    private readonly LogQuery _query;
    private readonly LogReadStatistics _statistics;
    private readonly OtlpDocumentParser _parser;
    private readonly OtlpTraceAssembler _assembler = new();
    private readonly List<ExecutionEvent> _ready = [];
    private string _file = string.Empty;
    private long _line;
    private int _spanIndex;

    public OtlpLogReader(JsonLinesLogSourceOptions options, LogQuery query, LogReadStatistics statistics)
    {
        _options = options;
        _query = query;
        _statistics = statistics;
        _parser = new OtlpDocumentParser(Math.Max(options.MaxDepth, 16));
    }

    /// <summary>Reads the files in order; events come out document by document, each trace's in time order.</summary>
    public IEnumerable<ExecutionEvent> Read(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _file = file;
            using var stream = OpenFile(file, out var raw);
            using var lines = new Utf8LineReader(stream, _options.MaxLineBytes);
            _statistics.RecordFile();
            _statistics.RecordOtlpFile();
            _line = 0;
            long reported = 0;
            var more = true;
            var first = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    more = lines.Fill();
                }
                catch (InvalidDataException ex)
                {
                    _statistics.RecordMalformed(MalformedReason.UnreadableData, file, _line + 1, GzipReadLimit.Describe(ex));
                    more = false;
                }

                _statistics.RecordBytes(raw.Position - reported);
                reported = raw.Position;
                while (lines.TryReadLine(out var line, out var tooLong))
                {
                    _line++;
                    if (tooLong)
                    {
                        _statistics.RecordMalformed(MalformedReason.LineTooLong, file, _line, "The line is longer than the configured limit.");
                        continue;
                    }

                    if (line.IndexOfAnyExcept(" \t"u8) < 0)
                    {
                        _statistics.RecordBlankLine();
                        continue;
                    }

                    if (first && IsDocumentStart(line))
                    {
                        // One pretty-printed document: read the file whole (bounded), as one line.
                        more = false;
                        ReadDocument(file);
                        var length = new FileInfo(file).Length;
                        _statistics.RecordBytes(Math.Max(0, length - reported));
                        reported = length;
                        break;
                    }

                    first = false;
                    Document(line);
                }

                Filter();
                for (var i = 0; i < _ready.Count; i++)
                {
                    yield return _ready[i];
                }

                _ready.Clear();
            }
        }

        _assembler.Flush(_ready);
        Filter();
        for (var i = 0; i < _ready.Count; i++)
        {
            yield return _ready[i];
        }

        _ready.Clear();
    }

    void ISpanSink.Span(GenAiSpan span, SpanRole role)
    {
        _spanIndex++;
        _assembler.Add(span, role, _ready);
    }

    void ISpanSink.Skipped(MalformedReason reason, string detail)
    {
        _spanIndex++;
        _statistics.RecordSkippedSpan(reason, _file, _line, $"Span {_spanIndex} of the document: {detail}");
    }

    private static Stream OpenFile(string file, out FileStream raw)
    {
        try
        {
            return LogFileSet.Open(file, out raw);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The log file '{file}' could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>A first line that opens an object without closing it on the same line: a pretty-printed document.</summary>
    private static bool IsDocumentStart(ReadOnlySpan<byte> line)
    {
        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.StartsWith("\uFEFF"u8))
        {
            trimmed = trimmed[3..];
        }

        return trimmed.SequenceEqual("{"u8) || (trimmed.Length > 0 && trimmed[0] == (byte)'{' && trimmed[^1] != (byte)'}');
    }

    private void Document(ReadOnlySpan<byte> document)
    {
        _spanIndex = 0;
        var spans = _parser.Parse(document, this, out var reason, out var detail);
        if (spans < 0)
        {
            _statistics.RecordMalformed(reason, _file, _line, detail);
            return;
        }

        _statistics.RecordOtlpDocument(spans);
    }

    private void ReadDocument(string file)
    {
        using var stream = OpenFile(file, out _);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (true)
            {
                var read = stream.Read(buffer.GetSpan(64 * 1024));
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > MaxDocumentBytes)
                {
                    _statistics.RecordMalformed(MalformedReason.LineTooLong, file, 1, $"The single OTLP document is larger than {MaxDocumentBytes / (1024 * 1024)} MiB; write one document a line instead.");
                    return;
                }
            }
        }
        catch (InvalidDataException)
        {
            _statistics.RecordMalformed(MalformedReason.UnreadableData, file, 1, "The compressed data is corrupt or truncated; the document was not read.");
            return;
        }

        var document = buffer.WrittenSpan;
        if (document.StartsWith("\uFEFF"u8))
        {
            document = document[3..];
        }

        _line = 1;
        Document(document);
    }

    /// <summary>Counts the events made and keeps in <see cref="_ready"/> those inside the query's time range.</summary>
    private void Filter()
    {
        var made = _ready.Count;
        var kept = 0;
        for (var i = 0; i < made; i++)
        {
            if (_query.Contains(_ready[i].Timestamp))
            {
                _ready[kept++] = _ready[i];
            }
        }

        _ready.RemoveRange(kept, made - kept);
        if (made > 0)
        {
            _statistics.RecordSpanEvents(made, made - kept);
        }
    }
}
