using System.Buffers;
using System.Runtime.ExceptionServices;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Reads log files in order on one framing thread, which cuts their lines into blocks, and parses the blocks on
/// the consumer's own thread and on a few parser threads, so that the consumer gets the blocks back in file and
/// line order.
/// </summary>
/// <remarks>
/// <para>
/// Framed blocks wait in a ring, in order. Parsers claim them in order, one at a time; the consumer takes them back
/// in order and, rather than wait for the next one, claims and parses the next unclaimed block itself. So the
/// consumer waits only when its next block is being parsed elsewhere or not framed yet, and a thread that has
/// nothing to do sleeps instead of spinning: on a small machine, threads spinning for work cost more than the
/// parsing itself. The reader, once the ring is full, sleeps until half of it is free, so that one wake-up frames
/// several blocks. Memory is bounded: the ring holds 16 blocks per parsing thread, at most 64, each at most 256 lines
/// in 16 KiB, or one line when that line is larger (up to the line limit). A failure to read a file is delivered in its place in the order, after every complete line read
/// before it.
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
        /// <summary>
        /// Ring slots per parsing thread: enough for the parsers to run ahead of an uneven consumer and for the reader to
        /// frame many blocks per wake-up (on the 197 MB set, 4 slots → 16 cut the parser's sleeps from 716 to 156, the
        /// consumer's waits from 544 to 114 and the reader's from 1,882 to 527), for about 1 MB per thread.
        /// </summary>
        private const int BlocksPerParser = 16;

        /// <summary>The most slots, whatever the parallelism: a slot may hold a line as long as the line limit.</summary>
        private const int MaxSlots = 64;

        private readonly IReadOnlyList<string> _files;
        private readonly LogQuery _query;
        private readonly LogReadStatistics _statistics;
        private readonly JsonLinesLogSourceOptions _options;
        private readonly Slot[] _ring;
        private readonly JsonLineParser _consumerParser;
        private readonly CancellationTokenSource _stop;
        private readonly CancellationToken _stopToken;
        private readonly CancellationTokenRegistration _registration;
        private readonly object _readerGate = new();
        private readonly object _parserGate = new();
        private readonly TaskCompletionSource _framedAll = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Block sequence numbers: _next <= _claimed <= _framed <= _next + ring length. Each is written by one side
        // (the reader frames, whoever parses claims, the consumer takes) and read by the others.
        private long _framed;
        private long _claimed;
        private long _next;
        private int _framingEnded;
        private int _readerWaiting;
        private int _parsersWaiting;
        private TaskCompletionSource? _consumerWaiter;

        public Core(IReadOnlyList<string> files, LogQuery query, LogReadStatistics statistics, JsonLinesLogSourceOptions options, TimeZoneInfo? naiveZone, CancellationToken cancellationToken)
        {
            _files = files;
            _query = query;
            _statistics = statistics;
            _options = options;
            var parsers = Math.Max(1, options.MaxParallelism);
            _ring = new Slot[Math.Min(MaxSlots, parsers * BlocksPerParser)];
            for (var i = 0; i < _ring.Length; i++)
            {
                _ring[i] = new Slot();
            }

            _consumerParser = new JsonLineParser(options.MaxDepth, naiveZone);

            // Not linked (a linked source must be disposed while the threads may still be watching it): the caller's
            // token cancels ours through a registration that Stop removes. Cancelling ours wakes every sleeper.
            _stop = new CancellationTokenSource();
            _stopToken = _stop.Token;
            _stopToken.UnsafeRegister(static state => ((Core)state!).WakeAll(), this);
            _registration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _stop);

            // The consumer is one of the parsing threads: the others are dedicated.
            var ended = new List<Task> { _framedAll.Task };
            for (var i = 1; i < parsers; i++)
            {
                var parser = new ParserThread(this, new JsonLineParser(options.MaxDepth, naiveZone));
                ended.Add(parser.Ended);
                Start(parser.Run, "Alpha.Learning log parser");
            }

            Completion = Task.WhenAll(ended);
            Start(Frame, "Alpha.Learning log reader");
        }

        /// <summary>Gets a task that completes when every thread has ended (and so every file is closed).</summary>
        public Task Completion { get; }

        private bool Stopped => _stopToken.IsCancellationRequested;

        private bool FramingEnded => Volatile.Read(ref _framingEnded) != 0;

        public async ValueTask<ParsedBlock?> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Stopped)
                {
                    throw new OperationCanceledException("The log read was stopped.", _stopToken);
                }

                var next = _next;
                var slot = _ring[next % _ring.Length];
                if (Volatile.Read(ref slot.Parsed) is { } parsed)
                {
                    slot.Parsed = null;
                    Interlocked.Exchange(ref _next, next + 1);
                    WakeReader(next + 1);
                    parsed.Failure?.Throw();
                    return parsed;
                }

                // Rather than wait for the next block, parse the next unclaimed one here.
                if (TryClaim(out var claimed))
                {
                    Parse(claimed, _consumerParser);
                    continue;
                }

                // Ended is read before the count it makes final.
                if (FramingEnded && next >= Volatile.Read(ref _framed))
                {
                    return null;
                }

                // The next block is being parsed elsewhere, or not framed yet: sleep until a block is framed or parsed,
                // or framing ends. Once it has ended, only the parse of the next block can wake us.
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Interlocked.Exchange(ref _consumerWaiter, waiter);
                if (Volatile.Read(ref slot.Parsed) is not null || Volatile.Read(ref _claimed) < Volatile.Read(ref _framed)
                    || (FramingEnded && next >= Volatile.Read(ref _framed)) || Stopped)
                {
                    Interlocked.CompareExchange(ref _consumerWaiter, null, waiter);
                    continue;
                }

                await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Tells the threads to stop at their next step; blocks still in the ring are left to the GC.</summary>
        public void Stop()
        {
            _registration.Dispose();
            _stop.Cancel();
        }

        /// <summary>Releases the cancellation source; only once <see cref="Completion"/> is done.</summary>
        public void Dispose() => _stop.Dispose();

        private static void Start(Action body, string name) =>
            new Thread(() => body()) { IsBackground = true, Name = name }.Start();

        /// <summary>Claims the oldest framed block that nobody parses yet; claims go strictly in order.</summary>
        private bool TryClaim(out long sequence)
        {
            while (true)
            {
                var claimed = Volatile.Read(ref _claimed);
                if (claimed >= Volatile.Read(ref _framed))
                {
                    sequence = 0;
                    return false;
                }

                if (Interlocked.CompareExchange(ref _claimed, claimed + 1, claimed) == claimed)
                {
                    sequence = claimed;
                    return true;
                }
            }
        }

        /// <summary>Parses a claimed block into its slot; a parser failure is delivered in the block's place.</summary>
        private void Parse(long sequence, JsonLineParser parser)
        {
            var slot = _ring[sequence % _ring.Length];
            var block = slot.Block!;
            slot.Block = null;
            ParsedBlock parsed;
            try
            {
                parsed = block.Parse(parser, _query);
            }
            catch (Exception ex)
            {
                parsed = ParsedBlock.Failed(block.File, ex);
            }
            finally
            {
                block.Dispose();
            }

            Interlocked.Exchange(ref slot.Parsed, parsed);
            WakeConsumer();
        }

        private void WakeConsumer()
        {
            // Every caller has just made a full fence (an interlocked write), so a waiter registered before it is seen.
            if (Volatile.Read(ref _consumerWaiter) is not null)
            {
                Interlocked.Exchange(ref _consumerWaiter, null)?.TrySetResult();
            }
        }

        private void WakeReader(long next)
        {
            if (Volatile.Read(ref _readerWaiting) != 0 && Volatile.Read(ref _framed) - next <= _ring.Length / 2)
            {
                lock (_readerGate)
                {
                    Monitor.Pulse(_readerGate);
                }
            }
        }

        private void WakeParsers(bool all)
        {
            if (Volatile.Read(ref _parsersWaiting) > 0)
            {
                lock (_parserGate)
                {
                    if (all)
                    {
                        Monitor.PulseAll(_parserGate);
                    }
                    else
                    {
                        Monitor.Pulse(_parserGate);
                    }
                }
            }
        }

        private void WakeAll()
        {
            lock (_readerGate)
            {
                Monitor.PulseAll(_readerGate);
            }

            lock (_parserGate)
            {
                Monitor.PulseAll(_parserGate);
            }

            Interlocked.Exchange(ref _consumerWaiter, null)?.TrySetResult();
        }

        private void Frame()
        {
            var token = _stopToken;
            Exception? failure = null;
            try
            {
                foreach (var file in _files)
                {
                    try
                    {
                        FrameFile(file, token);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // One unreadable file does not stop the read: it is counted with its name, the rest are read.
                        _statistics.RecordSkippedFile(file, SkippedFileReason.Unreadable, ex.Message);
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
                        Send(LineBlock.Failed(string.Empty, failure), token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The consumer stopped: nobody is left to tell.
                    }
                }

                Interlocked.Exchange(ref _framingEnded, 1);
                WakeParsers(all: true);
                WakeConsumer();
                _framedAll.TrySetResult();
            }
        }

        private void FrameFile(string file, CancellationToken token)
        {
            using var stream = LogFileSet.Open(file, out var fileStream, _options);
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
                    catch (InvalidDataException ex)
                    {
                        // Reported after the lines already buffered, in place of the line that could not be read.
                        block.Unreadable = GzipReadLimit.Describe(ex);
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
                            Send(full, token);
                        }
                    }
                }

                Send(block, token);
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

        /// <summary>Puts a framed block in the ring, first sleeping while the ring is full.</summary>
        private void Send(LineBlock block, CancellationToken token)
        {
            var sequence = _framed;
            if (sequence - Volatile.Read(ref _next) >= _ring.Length)
            {
                lock (_readerGate)
                {
                    Interlocked.Exchange(ref _readerWaiting, 1);
                    try
                    {
                        while (!token.IsCancellationRequested && sequence - Volatile.Read(ref _next) > _ring.Length / 2)
                        {
                            Monitor.Wait(_readerGate);
                        }
                    }
                    finally
                    {
                        Volatile.Write(ref _readerWaiting, 0);
                    }
                }
            }

            if (token.IsCancellationRequested)
            {
                block.Dispose();
                token.ThrowIfCancellationRequested();
            }

            _ring[sequence % _ring.Length].Block = block;
            Interlocked.Exchange(ref _framed, sequence + 1);
            WakeParsers(all: false);
            WakeConsumer();
        }

        /// <summary>One of the ring's slots: a framed block until it is parsed, then its events until taken.</summary>
        private sealed class Slot
        {
            public LineBlock? Block;
            public ParsedBlock? Parsed;
        }

        /// <summary>A dedicated parse thread with its own parser (and so its own name cache).</summary>
        private sealed class ParserThread(Core core, JsonLineParser parser)
        {
            private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>Gets a task that completes when the thread has ended.</summary>
            public Task Ended => _ended.Task;

            public void Run()
            {
                try
                {
                    while (!core.Stopped)
                    {
                        if (core.TryClaim(out var sequence))
                        {
                            core.Parse(sequence, parser);
                        }
                        else if (!core.SleepUntilWork())
                        {
                            return;
                        }
                    }
                }
                finally
                {
                    _ended.TrySetResult();
                }
            }
        }

        /// <summary>Sleeps until a block can be claimed; false once nothing more will come (or the read stopped).</summary>
        private bool SleepUntilWork()
        {
            lock (_parserGate)
            {
                Interlocked.Increment(ref _parsersWaiting);
                try
                {
                    while (true)
                    {
                        if (Stopped)
                        {
                            return false;
                        }

                        var ended = FramingEnded;
                        if (Volatile.Read(ref _claimed) < Volatile.Read(ref _framed))
                        {
                            return true;
                        }

                        if (ended)
                        {
                            return false;
                        }

                        Monitor.Wait(_parserGate);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _parsersWaiting);
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
