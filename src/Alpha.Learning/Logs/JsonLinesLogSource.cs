using System.Runtime.CompilerServices;

using Alpha.Learning.Logs.Internal;
using Alpha.Learning.Logs.Otlp.Internal;

using Microsoft.Extensions.Options;

namespace Alpha.Learning.Logs;

/// <summary>
/// The default <see cref="ILogSource"/>: reads JSON-lines files (<c>*.json</c>, <c>*.jsonl</c>, numbered
/// rotations, gzip) line by line over pooled UTF-8 buffers, in time order, skipping and counting every
/// malformed line without ever stopping the read.
/// </summary>
/// <remarks>
/// Files are ordered by the first timestamp each holds and read one after the other by one thread, which frames
/// the lines into blocks; <see cref="JsonLinesLogSourceOptions.MaxParallelism"/> threads, the consumer's among them,
/// parse the blocks, and their events are delivered in order: file by file, line by line. Statistics, malformed-line samples included, are
/// recorded in that same order, so a read is deterministic whatever the parallelism. Memory is bounded by the line
/// limit and 16 blocks per thread (at most 64), whatever the size of the logs.
/// </remarks>
public sealed class JsonLinesLogSource : ILogSource
{
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
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelism, 1, nameof(options.MaxParallelism));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxParallelism, JsonLinesLogSourceOptions.MaxParallelismLimit, nameof(options.MaxParallelism));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MalformedSamplesPerReason, nameof(options.MalformedSamplesPerReason));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecompressedBytes, 1L, nameof(options.MaxDecompressedBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecompressedLines, 1L, nameof(options.MaxDecompressedLines));
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
        var files = LogFileSet.OrderByTime(LogFileSet.Resolve(paths, statistics), _options, zone);

        // OpenTelemetry OTLP JSON trace files, told apart by content, are read first, then the JSON-lines logs.
        (files, var traces) = OtlpFileFormat.Split(files);
        if (traces.Count > 0)
        {
            foreach (var traced in new OtlpLogReader(_options, query, statistics).Read(traces, cancellationToken))
            {
                yield return traced;
            }
        }

        if (files.Count == 0)
        {
            yield break;
        }

        // Disposal waits for the reader and parser threads to end, so every file is closed when the read is over.
        var pipeline = new ParsePipeline(files, query, statistics, _options, zone, cancellationToken);
        await using (pipeline.ConfigureAwait(false))
        {
            while (await pipeline.NextAsync(cancellationToken).ConfigureAwait(false) is { } block)
            {
                block.Record(statistics);
                var events = block.Events;
                for (var i = 0; i < block.Count; i++)
                {
                    yield return events[i];
                }
            }
        }
    }
}
