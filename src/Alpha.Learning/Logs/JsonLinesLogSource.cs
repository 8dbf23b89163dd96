using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Alpha.Learning.Logs.Internal;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Logs;

/// <summary>
/// The default <see cref="ILogSource"/>: reads JSON-lines files (<c>*.json</c>, <c>*.jsonl</c>, numbered
/// rotations, gzip) line by line over pooled UTF-8 buffers, in time order, skipping and counting every
/// malformed line without ever stopping the read.
/// </summary>
/// <remarks>
/// Files are ordered by the first timestamp each holds and delivered one after the other; up to
/// <see cref="JsonLinesLogSourceOptions.MaxParallelFiles"/> files are parsed ahead on the thread pool.
/// Memory is bounded by the line limit and a few batches of events per file, whatever the size of the logs.
/// </remarks>
public sealed class JsonLinesLogSource : ILogSource
{
    private const int BatchSize = 512;
    private const int BatchesAhead = 8;

    private readonly JsonLinesLogSourceOptions _options;
    private readonly TimeZoneInfo _naiveZone;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesLogSource"/> class with default options.</summary>
    public JsonLinesLogSource()
        : this(new JsonLinesLogSourceOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonLinesLogSource"/> class.</summary>
    /// <param name="options">The options.</param>
    public JsonLinesLogSource(IOptions<JsonLinesLogSourceOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonLinesLogSource"/> class.</summary>
    /// <param name="options">The options.</param>
    public JsonLinesLogSource(JsonLinesLogSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineBytes, 64, nameof(options.MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 2, nameof(options.MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelFiles, 1, nameof(options.MaxParallelFiles));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MalformedSamplesPerReason, nameof(options.MalformedSamplesPerReason));
        _options = options;
        _naiveZone = TimeZones.Find(options.NaiveTimestampTimeZone, nameof(JsonLinesLogSourceOptions.NaiveTimestampTimeZone));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ExecutionEvent> ReadAsync(
        LogQuery query,
        LogReadStatistics? statistics = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        statistics ??= new LogReadStatistics(_options.MalformedSamplesPerReason);
        var paths = query.Paths.Count > 0 ? query.Paths : [.. _options.Paths];
        if (paths.Count == 0)
        {
            throw new ArgumentException("The log query names no file or folder, and no default path is configured.", nameof(query));
        }

        var zone = _naiveZone == TimeZoneInfo.Utc ? null : _naiveZone;
        var files = LogFileSet.OrderByTime(LogFileSet.Resolve(paths), _options, zone);
        if (files.Count == 0)
        {
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = new Queue<(Channel<ExecutionEvent[]> Channel, Task Task)>();
        var next = 0;
        try
        {
            while (next < files.Count || readers.Count > 0)
            {
                while (next < files.Count && readers.Count < _options.MaxParallelFiles)
                {
                    var channel = Channel.CreateBounded<ExecutionEvent[]>(new BoundedChannelOptions(BatchesAhead)
                    {
                        SingleReader = true,
                        SingleWriter = true,
                        FullMode = BoundedChannelFullMode.Wait,
                    });
                    var file = files[next++];
                    var task = Task.Run(() => ReadFileAsync(file, query, statistics, zone, channel.Writer, stop.Token), stop.Token);
                    readers.Enqueue((channel, task));
                }

                var (current, reading) = readers.Peek();
                while (await current.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (current.Reader.TryRead(out var batch))
                    {
                        foreach (var item in batch)
                        {
                            if (item is null)
                            {
                                break;
                            }

                            yield return item;
                        }
                    }
                }

                await reading.ConfigureAwait(false);
                readers.Dequeue();
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var (_, task) in readers)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Read-ahead of files the consumer no longer wants.
                }
            }
        }
    }

    private async Task ReadFileAsync(
        string file,
        LogQuery query,
        LogReadStatistics statistics,
        TimeZoneInfo? zone,
        ChannelWriter<ExecutionEvent[]> writer,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await ParseFileAsync(file, query, statistics, zone, writer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failure = new IOException($"The log file '{file}' could not be read: {ex.Message}", ex);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private async Task ParseFileAsync(
        string file,
        LogQuery query,
        LogReadStatistics statistics,
        TimeZoneInfo? zone,
        ChannelWriter<ExecutionEvent[]> writer,
        CancellationToken cancellationToken)
    {
        var parser = new JsonLineParser(_options.MaxDepth, zone);
        var stream = LogFileSet.Open(file, out var fileStream);
        await using (stream.ConfigureAwait(false))
        {
            using var lines = new Utf8LineReader(stream, _options.MaxLineBytes);
            statistics.RecordFile();
            var batch = new ExecutionEvent[BatchSize];
            var count = 0;
            long lineNumber = 0;
            long reportedBytes = 0;
            var more = true;
            while (more)
            {
                try
                {
                    more = await lines.FillAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException)
                {
                    statistics.RecordMalformed(MalformedReason.UnreadableData, file, lineNumber + 1, "The compressed data is corrupt or truncated; the rest of the file was not read.");
                    more = false;
                }

                var position = fileStream.Position;
                statistics.RecordBytes(position - reportedBytes);
                reportedBytes = position;

                count = ParseLines(lines, parser, file, query, statistics, batch, count, ref lineNumber);
                if (count == BatchSize)
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                    batch = new ExecutionEvent[BatchSize];
                    count = 0;
                }
            }

            if (count > 0)
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Parses every complete buffered line, until the buffer is drained or the batch is full.</summary>
    private static int ParseLines(
        Utf8LineReader lines,
        JsonLineParser parser,
        string file,
        LogQuery query,
        LogReadStatistics statistics,
        ExecutionEvent[] batch,
        int count,
        ref long lineNumber)
    {
        // Counted locally and added once per call: shared counters touched per line by several
        // reading threads would bounce their cache line between cores.
        long events = 0, filteredOut = 0, custom = 0, blank = 0;
        while (count < batch.Length && lines.TryReadLine(out var line, out var tooLong))
        {
            lineNumber++;
            if (tooLong)
            {
                statistics.RecordMalformed(MalformedReason.LineTooLong, file, lineNumber, "The line is longer than the configured limit.");
                continue;
            }

            if (line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
            {
                blank++;
                continue;
            }

            var parsed = parser.Parse(line, out var reason, out var detail);
            if (parsed is null)
            {
                statistics.RecordMalformed(reason, file, lineNumber, detail);
                continue;
            }

            events++;
            if (parsed.Kind == ExecutionEventKind.Custom)
            {
                custom++;
            }

            if (query.Contains(parsed.Timestamp))
            {
                batch[count++] = parsed;
            }
            else
            {
                filteredOut++;
            }
        }

        statistics.RecordBatch(events, filteredOut, custom, blank);
        return count;
    }
}
