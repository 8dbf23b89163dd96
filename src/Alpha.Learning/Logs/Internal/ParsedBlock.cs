using System.Runtime.ExceptionServices;

namespace Alpha.Learning.Logs.Internal;

/// <summary>The events of one block and what its lines counted, for the consumer to record in order.</summary>
internal sealed class ParsedBlock(string file, int capacity, ExceptionDispatchInfo? failure)
{
    private List<(MalformedReason Reason, long Line, string Detail)>? _malformed;
    private long _events;
    private long _filteredOut;
    private long _custom;
    private long _blank;

    public ExecutionEvent[] Events { get; } = capacity == 0 ? [] : new ExecutionEvent[capacity];

    public int Count { get; private set; }

    public ExceptionDispatchInfo? Failure { get; } = failure;

    /// <summary>A block that stands for a failure to parse one (a bug, never a malformed line).</summary>
    public static ParsedBlock Failed(string file, Exception failure)
    {
        var block = new ParsedBlock(file, 0, ExceptionDispatchInfo.Capture(failure));
        block.Complete(0, 0, 0, 0);
        return block;
    }

    public void AddMalformed(MalformedReason reason, long line, string detail) =>
        (_malformed ??= []).Add((reason, line, detail));

    public void Complete(int count, long filteredOut, long custom, long blank)
    {
        Count = count;
        _events = count + filteredOut;
        _filteredOut = filteredOut;
        _custom = custom;
        _blank = blank;
    }

    public void Record(LogReadStatistics statistics)
    {
        if (_malformed is not null)
        {
            foreach (var (reason, line, detail) in _malformed)
            {
                statistics.RecordMalformed(reason, file, line, detail);
            }
        }

        statistics.RecordBatch(_events, _filteredOut, _custom, _blank);
    }
}
