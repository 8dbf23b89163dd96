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
internal sealed partial class ParsePipeline : IAsyncDisposable
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
        // The core's completion is the pipeline's own reader and parser threads, started by this pipeline.
#pragma warning disable VSTHRD003
        await _core.Completion.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        _core.Dispose();
    }

    private sealed partial class Core : IDisposable
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
    }
}
