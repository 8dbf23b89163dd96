using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Reads log files in order on one framing thread, which cuts their lines into blocks, and parses the blocks on
/// a few lane threads (block <c>i</c> on lane <c>i mod lanes</c>, each lane with its own parser), so that the
/// consumer gets the blocks back in file and line order.
/// </summary>
/// <remarks>
/// <para>
/// Dedicated threads with blocking hand-offs rather than thread-pool work items: on a small machine, pool threads
/// spinning for work and the consumer's continuations running on parse threads cost more than the parsing itself.
/// Memory is bounded: per lane, two blocks queued, one being parsed, two parsed and one waiting to be handed over,
/// plus two held by the reader; a block is at most 256 lines, or one line when that line is larger. A failure to
/// read a file is delivered in its place in the order, after every complete line read before it.
/// </para>
/// <para>
/// The threads hold only the inner state, so a consumer that drops this object without disposing it does not keep
/// them (and the open file) forever: the finalizer stops them. <see cref="DisposeAsync"/> stops them and waits until
/// every file is closed and every thread has ended.
/// </para>
/// </remarks>
internal sealed class ParsePipeline : IAsyncDisposable
{
    private readonly Core _core;

    public ParsePipeline(IReadOnlyList<string> files, LogQuery query, LogReadStatistics statistics, JsonLinesLogSourceOptions options, TimeZoneInfo? naiveZone, CancellationToken cancellationToken)
    {
        _core = new Core(files, query, statistics, options, naiveZone, cancellationToken);
    }

    ~ParsePipeline()
    {
        _core.Stop();
    }

    /// <summary>Gets the next parsed block in order, or <see langword="null"/> after the last.</summary>
    /// <exception cref="IOException">A file could not be read (after every block before it was delivered).</exception>
    public ValueTask<ParsedBlock?> NextAsync(CancellationToken cancellationToken) => _core.NextAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _core.Stop();
        await _core.Completion.ConfigureAwait(false);
        _core.Dispose();
    }

    private sealed class Core : IDisposable
    {
        private const int QueuedBlocks = 2;

        private readonly IReadOnlyList<string> _files;
        private readonly LogQuery _query;
        private readonly LogReadStatistics _statistics;
        private readonly JsonLinesLogSourceOptions _options;
        private readonly Lane[] _lanes;
        private readonly CancellationTokenSource _stop;
        private readonly CancellationTokenRegistration _registration;
        private readonly TaskCompletionSource _framed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _next;

        public Core(IReadOnlyList<string> files, LogQuery query, LogReadStatistics statistics, JsonLinesLogSourceOptions options, TimeZoneInfo? naiveZone, CancellationToken cancellationToken)
        {
            _files = files;
            _query = query;
            _statistics = statistics;
            _options = options;
            // Not linked (a linked source must be disposed while the threads may still be watching it): the caller's
            // token cancels ours through a registration that Stop removes.
            _stop = new CancellationTokenSource();
            _registration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _stop);
            _lanes = new Lane[Math.Max(1, options.MaxParallelism)];
            for (var i = 0; i < _lanes.Length; i++)
            {
                _lanes[i] = new Lane(new JsonLineParser(options.MaxDepth, naiveZone), query, _stop.Token);
            }

            Completion = Task.WhenAll(_lanes.Select(lane => lane.Ended).Append(_framed.Task));
            foreach (var lane in _lanes)
            {
                Start(lane.Run, "Alpha.Learning log parser");
            }

            Start(Frame, "Alpha.Learning log reader");
        }

        /// <summary>Gets a task that completes when every thread has ended (and so every file is closed).</summary>
        public Task Completion { get; }

        public async ValueTask<ParsedBlock?> NextAsync(CancellationToken cancellationToken)
        {
            var output = _lanes[_next % _lanes.Length].Output;
            while (await output.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (output.TryRead(out var block))
                {
                    _next++;
                    block.Failure?.Throw();
                    return block;
                }
            }

            // Blocks go round the lanes in turn, so the lane owing the next one has finished: nothing follows.
            return null;
        }

        /// <summary>Tells the threads to stop at their next hand-off; blocks still queued are left to the GC.</summary>
        public void Stop()
        {
            _registration.Dispose();
            _stop.Cancel();
        }

        /// <summary>Releases the cancellation source; only once <see cref="Completion"/> is done.</summary>
        public void Dispose() => _stop.Dispose();

        private static void Start(Action body, string name) =>
            new Thread(() => body()) { IsBackground = true, Name = name }.Start();

        private void Frame()
        {
            long sequence = 0;
            var token = _stop.Token;
            Exception? failure = null;
            try
            {
                foreach (var file in _files)
                {
                    try
                    {
                        FrameFile(file, ref sequence, token);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        failure = new IOException($"The log file '{file}' could not be read: {ex.Message}", ex);
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The consumer stopped.
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                if (failure is not null)
                {
                    try
                    {
                        Send(LineBlock.Failed(string.Empty, failure), ref sequence, token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The consumer stopped: nobody is left to tell.
                    }
                }

                foreach (var lane in _lanes)
                {
                    lane.Input.CompleteAdding();
                }

                _framed.TrySetResult();
            }
        }

        private void FrameFile(string file, ref long sequence, CancellationToken token)
        {
            using var stream = LogFileSet.Open(file, out var fileStream);
            using var lines = new Utf8LineReader(stream, _options.MaxLineBytes);
            _statistics.RecordFile();
            var block = new LineBlock(file, firstLine: 1);
            long lineNumber = 0;
            long reportedBytes = 0;
            Exception? readFailure = null;
            try
            {
                var more = true;
                while (more)
                {
                    token.ThrowIfCancellationRequested();
                    try
                    {
                        more = lines.Fill();
                    }
                    catch (InvalidDataException)
                    {
                        // Reported after the lines already buffered, in place of the line that could not be read.
                        block.Unreadable = "The compressed data is corrupt or truncated; the rest of the file was not read.";
                        more = false;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // The complete lines already buffered are delivered first; the failure follows them.
                        readFailure = ex;
                        more = false;
                    }

                    var position = fileStream.Position;
                    _statistics.RecordBytes(position - reportedBytes);
                    reportedBytes = position;
                    while (lines.TryReadLine(out var line, out var tooLong))
                    {
                        lineNumber++;
                        if (!block.TryAdd(line, tooLong))
                        {
                            var full = block;
                            block = new LineBlock(file, lineNumber, line.Length) { Unreadable = full.Unreadable };
                            full.Unreadable = null;
                            block.TryAdd(line, tooLong);
                            Send(full, ref sequence, token);
                        }
                    }
                }

                Send(block, ref sequence, token);
                block = null;
                if (readFailure is not null)
                {
                    ExceptionDispatchInfo.Throw(readFailure);
                }
            }
            finally
            {
                block?.Dispose();
            }
        }

        private void Send(LineBlock block, ref long sequence, CancellationToken token)
        {
            _lanes[sequence % _lanes.Length].Input.Add(block, token);
            sequence++;
        }

        /// <summary>One parse thread with its own parser (and so its own name cache), between two bounded queues.</summary>
        private sealed class Lane(JsonLineParser parser, LogQuery query, CancellationToken token)
        {
            private readonly Channel<ParsedBlock> _output = Channel.CreateBounded<ParsedBlock>(new BoundedChannelOptions(QueuedBlocks)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });

            private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public BlockingCollection<LineBlock> Input { get; } = new(QueuedBlocks);

            public ChannelReader<ParsedBlock> Output => _output.Reader;

            /// <summary>Gets a task that completes when the thread has ended.</summary>
            public Task Ended => _ended.Task;

            public void Run()
            {
                Exception? failure = null;
                try
                {
                    foreach (var block in Input.GetConsumingEnumerable(token))
                    {
                        ParsedBlock parsed;
                        try
                        {
                            parsed = block.Parse(parser, query);
                        }
                        finally
                        {
                            block.Dispose();
                        }

                        while (!_output.Writer.TryWrite(parsed))
                        {
                            if (!_output.Writer.WaitToWriteAsync(token).AsTask().GetAwaiter().GetResult())
                            {
                                return;
                            }
                        }
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // The consumer stopped: the output ends without an error.
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
                finally
                {
                    _output.Writer.TryComplete(failure);
                    _ended.TrySetResult();
                }
            }
        }
    }
}

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
