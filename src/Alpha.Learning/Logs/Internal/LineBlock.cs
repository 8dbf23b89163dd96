using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Alpha.Learning.Logs.Internal;

/// <summary>A run of consecutive lines of one file, copied out of the line reader's buffer into pooled arrays.</summary>
internal sealed class LineBlock : IDisposable
{
    // Small enough that a block and its events stay in a core's cache between framing and parsing.
    private const int DataBytes = 16 * 1024;
    private const int MaxLines = 256;
    private const int TooLong = -1;

    private int[] _starts;
    private int[] _lengths;
    private byte[] _data;
    private int _used;

    public LineBlock(string file, long firstLine, int minimumBytes = 0)
    {
        File = file;
        FirstLine = firstLine;
        _data = ArrayPool<byte>.Shared.Rent(Math.Max(DataBytes, minimumBytes));
        _starts = ArrayPool<int>.Shared.Rent(MaxLines);
        _lengths = ArrayPool<int>.Shared.Rent(MaxLines);
    }

    private LineBlock(string file, Exception failure)
    {
        File = file;
        Failure = ExceptionDispatchInfo.Capture(failure);
        _data = [];
        _starts = [];
        _lengths = [];
    }

    public string File { get; }

    public long FirstLine { get; }

    public int Count { get; private set; }

    /// <summary>Gets or sets why the rest of the file could not be read, after this block's lines.</summary>
    public string? Unreadable { get; set; }

    /// <summary>Gets the failure that stands in this block's place, if any.</summary>
    public ExceptionDispatchInfo? Failure { get; }

    public static LineBlock Failed(string file, Exception failure) => new(file, failure);

    public bool TryAdd(ReadOnlySpan<byte> line, bool tooLong)
    {
        if (Count == MaxLines || (!tooLong && line.Length > _data.Length - _used))
        {
            return false;
        }

        _starts[Count] = _used;
        _lengths[Count] = tooLong ? TooLong : line.Length;
        if (!tooLong)
        {
            line.CopyTo(_data.AsSpan(_used));
            _used += line.Length;
        }

        Count++;
        return true;
    }

    /// <summary>Parses every line; malformed lines are kept, with their numbers, for the consumer to record in order.</summary>
    public ParsedBlock Parse(JsonLineParser parser, LogQuery query)
    {
        var result = new ParsedBlock(File, Count, Failure);
        var events = result.Events;
        var count = 0;
        long filteredOut = 0, custom = 0, blank = 0;
        for (var i = 0; i < Count; i++)
        {
            var lineNumber = FirstLine + i;
            if (_lengths[i] == TooLong)
            {
                result.AddMalformed(MalformedReason.LineTooLong, lineNumber, "The line is longer than the configured limit.");
                continue;
            }

            var line = _data.AsSpan(_starts[i], _lengths[i]);
            if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
            {
                blank++;
                continue;
            }

            var parsed = parser.Parse(line, out var reason, out var detail);
            if (parsed is null)
            {
                result.AddMalformed(reason, lineNumber, detail);
                continue;
            }

            if (parsed.Kind == ExecutionEventKind.Custom)
            {
                custom++;
            }

            if (query.Contains(parsed.Timestamp))
            {
                events[count++] = parsed;
            }
            else
            {
                filteredOut++;
            }
        }

        if (Unreadable is not null)
        {
            result.AddMalformed(MalformedReason.UnreadableData, FirstLine + Count, Unreadable);
        }

        result.Complete(count, filteredOut, custom, blank);
        return result;
    }

    public void Dispose()
    {
        if (_data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
            ArrayPool<int>.Shared.Return(_starts);
            ArrayPool<int>.Shared.Return(_lengths);
            _data = [];
            _starts = [];
            _lengths = [];
        }
    }
}
