using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

using Alpha.Learning.Logs;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.OpenTelemetry.Internal;

/// <summary>
/// Queues finished activities from the host's threads; on a background task maps them to events
/// (<see cref="ActivityEventMapper"/>) and appends those to the JSON-lines log. A failed write
/// (full disk, unwritable folder) drops the events it held, counts them, logs the first failure of a streak and the
/// recovery, and the next event tries again with a fresh file handle; the host never sees an exception.
/// </summary>
internal sealed class EventWriter : IDisposable
{
    private static readonly Meter Meter = new("Alpha.Learning.OpenTelemetry");
    private static readonly Counter<long> WrittenCounter = Meter.CreateCounter<long>("alpha_learning.exporter.events.written", "{event}", "Events written to the execution log and flushed.");
    private static readonly Counter<long> DroppedCounter = Meter.CreateCounter<long>("alpha_learning.exporter.events.dropped", "{event}", "Events lost: queue full, a failed write, or an unusable span.");

    private readonly AlphaLearningExporterOptions _options;
    private readonly ILogger _logger;
    /// <summary>Queued events that wake the writer at once; below that it wakes every <see cref="WriteInterval"/>.</summary>
    private const int WakeBatch = 256;

    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(200);

    // No wake-up per event: signalling the writer costs the host's thread microseconds, queueing costs nanoseconds.
    private readonly ConcurrentQueue<PendingActivity> _queue = new();
    private readonly ActivityEventMapper _mapper = new();
    private readonly Action<ExecutionEvent> _write;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private int _queued;
    private readonly Lock _writeLock = new();
    private readonly Task _loop;
    private JsonLinesExecutionLogger? _log;
    private long _unflushed;
    private long _written;
    private long _queueFull;
    private long _writeFailed;
    private long _unusable;
    private long _mappingFailed;
    private int _queueFullReported;
    private bool _failing;
    private bool _shutDown;

    public EventWriter(AlphaLearningExporterOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _write = Write;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets the number of events written to the log and flushed (an event still buffered is not counted yet; one lost with its buffer never is).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Gets the number of activities dropped because the queue was full.</summary>
    public long QueueFull => Interlocked.Read(ref _queueFull);

    /// <summary>Gets the number of events lost to failed writes.</summary>
    public long WriteFailed => Interlocked.Read(ref _writeFailed);

    /// <summary>Gets the number of GenAI spans skipped because a field the event needs was missing.</summary>
    public long Unusable => Interlocked.Read(ref _unusable);

    /// <summary>Gets the number of activities whose mapping failed.</summary>
    public long MappingFailed => Interlocked.Read(ref _mappingFailed);

    /// <summary>Queues a finished activity for mapping and writing (the host's thread: no allocation, no I/O).</summary>
    public void Enqueue(in PendingActivity pending)
    {
        var queued = Interlocked.Increment(ref _queued);
        if (queued <= _options.QueueCapacity)
        {
            _queue.Enqueue(pending);
            if (queued == WakeBatch)
            {
                Wake();
            }

            return;
        }

        Interlocked.Decrement(ref _queued);
        Interlocked.Increment(ref _queueFull);
        DroppedCounter.Add(1);
        if (Interlocked.Exchange(ref _queueFullReported, 1) == 0)
        {
            Log.QueueFull(_logger, _options.QueueCapacity);
        }
    }

    public void CountUnusable(string why)
    {
        Interlocked.Increment(ref _unusable);
        DroppedCounter.Add(1);
        Log.UnusableSpan(_logger, why);
    }

    public void CountMappingFailure(Exception ex)
    {
        Interlocked.Increment(ref _mappingFailed);
        DroppedCounter.Add(1);
        Log.MappingFailed(_logger, ex);
    }

    /// <summary>Writes every queued event and flushes the file to disk.</summary>
    public bool Flush(int timeoutMilliseconds)
    {
        var taken = false;
        try
        {
            taken = _writeLock.TryEnter(timeoutMilliseconds < 0 ? Timeout.Infinite : timeoutMilliseconds);
            if (!taken)
            {
                return false;
            }

            DrainAndFlush();
            return !_failing;
        }
        finally
        {
            if (taken)
            {
                _writeLock.Exit();
            }
        }
    }

    /// <summary>Writes what is queued, flushes and closes the file; later events are dropped.</summary>
    public bool Shutdown(int timeoutMilliseconds)
    {
        _stop.Cancel();
        // OpenTelemetry's shutdown is synchronous by contract; the loop is this writer's own task.
#pragma warning disable VSTHRD002
        var ended = _loop.Wait(timeoutMilliseconds < 0 ? Timeout.Infinite : timeoutMilliseconds);
#pragma warning restore VSTHRD002
        lock (_writeLock)
        {
            if (_shutDown)
            {
                return ended;
            }

            DrainAndFlush();
            _shutDown = true;
            CloseLog();
        }

        return ended && !_failing;
    }

    /// <summary>Shuts down (writing what is queued), then releases the wake-up primitives once the writer has ended.</summary>
    public void Dispose()
    {
        Shutdown(5000);
        if (_loop.IsCompleted)
        {
            _wake.Dispose();
            _stop.Dispose();
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(WriteInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_writeLock)
            {
                if (_shutDown)
                {
                    return;
                }

                try
                {
                    DrainAndFlush();
                }
                catch (Exception ex)
                {
                    // The writer outlives any one failure: it is counted and logged, and the next events are written.
                    CountMappingFailure(ex);
                }
            }
        }
    }

    private void DrainAndFlush()
    {
        while (_queue.TryDequeue(out var pending))
        {
            Interlocked.Decrement(ref _queued);
            MapAndWrite(pending);
        }

        if (_log is null || _unflushed == 0)
        {
            return;
        }

        try
        {
            _log.Flush();
            Interlocked.Add(ref _written, _unflushed);
            WrittenCounter.Add(_unflushed);
            _unflushed = 0;
            Recovered();
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            Failed(ex, lost: _unflushed);
        }
    }

    private void MapAndWrite(in PendingActivity pending)
    {
        string? unusable;
        try
        {
            unusable = _mapper.Map(pending, _write);
        }
        catch (Exception ex)
        {
            // Never into the host, nor out of the writer: a bug in the mapping costs one activity, counted and logged.
            CountMappingFailure(ex);
            return;
        }

        if (unusable is not null)
        {
            CountUnusable(unusable);
        }
    }

    private void Write(ExecutionEvent executionEvent)
    {
        if (_shutDown)
        {
            Interlocked.Increment(ref _writeFailed);
            DroppedCounter.Add(1);
            return;
        }

        try
        {
            _log ??= new JsonLinesExecutionLogger(_options.Log);
            _log.LogEvent(executionEvent);
            _unflushed++;
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            Failed(ex, lost: _unflushed + 1);
        }
        catch (Exception ex)
        {
            // An event the logger refuses (it never should): that one event is lost, the writer goes on.
            CountMappingFailure(ex);
        }
    }

    private void Failed(Exception ex, long lost)
    {
        Interlocked.Add(ref _writeFailed, lost);
        DroppedCounter.Add(lost);
        _unflushed = 0;
        if (!_failing)
        {
            _failing = true;
            Log.WriteFailed(_logger, _options.Log.Directory, ex);
        }

        // Start over with a fresh file handle and buffer at the next event: what the old one held is lost (and counted).
        CloseLog();
    }

    private void Recovered()
    {
        if (_failing)
        {
            _failing = false;
            var lost = Interlocked.Read(ref _writeFailed);
            Log.WriteRecovered(_logger, _options.Log.Directory, lost);
        }
    }

    private void CloseLog()
    {
        var log = _log;
        _log = null;
        try
        {
            log?.Dispose();
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            // Its buffer could not be written: already counted by the caller, or about to be by the next failure.
        }
    }

    private static bool IsWriteFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or ObjectDisposedException;
}
