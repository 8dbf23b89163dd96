namespace Alpha.Learning.Logs;

/// <summary>
/// Counts what a read of an <see cref="ILogSource"/> saw. Safe to update from several threads and to
/// read while the read goes on (for progress). After a read of JSON-lines files, <see cref="Lines"/> equals
/// <see cref="Events"/> + <see cref="Malformed"/> + <see cref="BlankLines"/> (OTLP JSON files: see <see cref="OtlpFiles"/>).
/// </summary>
public sealed class LogReadStatistics
{
    private static readonly int ReasonCount = Enum.GetValues<MalformedReason>().Length;

    private readonly long[] _malformed = new long[ReasonCount];
    private readonly List<MalformedLineSample> _samples = [];
    private readonly Lock _samplesLock = new();
    private long _files;
    private long _bytes;
    private long _lines;
    private long _blankLines;
    private long _events;
    private long _filteredOut;
    private long _customEvents;
    private long _otlpFiles;
    private long _spans;

    /// <summary>Initializes a new instance of the <see cref="LogReadStatistics"/> class.</summary>
    /// <param name="samplesPerReason">How many malformed lines of each reason to keep with file and line number. The default value is 5.</param>
    public LogReadStatistics(int samplesPerReason = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samplesPerReason);
        SamplesPerReason = samplesPerReason;
    }

    /// <summary>Gets how many malformed lines of each reason are kept in <see cref="Samples"/>.</summary>
    public int SamplesPerReason { get; }

    /// <summary>Gets the number of files read.</summary>
    public long Files => Interlocked.Read(ref _files);

    /// <summary>Gets the number of bytes read from the files (compressed size for gzip files).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Gets the number of lines read.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Gets the number of empty or whitespace-only lines.</summary>
    public long BlankLines => Interlocked.Read(ref _blankLines);

    /// <summary>Gets the number of well-formed events, including those outside the time range.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Gets the number of well-formed events left out because they were outside the time range.</summary>
    public long FilteredOut => Interlocked.Read(ref _filteredOut);

    /// <summary>Gets the number of well-formed events of an unknown kind (delivered as <see cref="ExecutionEventKind.Custom"/>).</summary>
    public long CustomEvents => Interlocked.Read(ref _customEvents);

    /// <summary>
    /// Gets the number of files read as OpenTelemetry OTLP JSON traces (the rest of <see cref="Files"/> are JSON-lines
    /// logs). In these files a line is one <c>TracesData</c> document, and an unusable span counts as malformed under
    /// its reason without counting as a line.
    /// </summary>
    public long OtlpFiles => Interlocked.Read(ref _otlpFiles);

    /// <summary>Gets the number of spans read from OTLP JSON files, GenAI or not.</summary>
    public long Spans => Interlocked.Read(ref _spans);

    /// <summary>Gets the number of malformed lines, all reasons together.</summary>
    public long Malformed
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _malformed.Length; i++)
            {
                total += Interlocked.Read(ref _malformed[i]);
            }

            return total;
        }
    }

    /// <summary>Gets the number of malformed lines of each reason that occurred at least once.</summary>
    public IReadOnlyDictionary<MalformedReason, long> MalformedByReason
    {
        get
        {
            var result = new SortedDictionary<MalformedReason, long>();
            for (var i = 0; i < _malformed.Length; i++)
            {
                var count = Interlocked.Read(ref _malformed[i]);
                if (count > 0)
                {
                    result[(MalformedReason)i] = count;
                }
            }

            return result;
        }
    }

    /// <summary>Gets the first few malformed lines of each reason, with file and line number.</summary>
    public IReadOnlyList<MalformedLineSample> Samples
    {
        get
        {
            lock (_samplesLock)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Records that a file was opened.</summary>
    public void RecordFile() => Interlocked.Increment(ref _files);

    /// <summary>Records bytes read from a file.</summary>
    /// <param name="count">The number of bytes.</param>
    public void RecordBytes(long count) => Interlocked.Add(ref _bytes, count);

    /// <summary>Records a blank line.</summary>
    public void RecordBlankLine()
    {
        Interlocked.Increment(ref _lines);
        Interlocked.Increment(ref _blankLines);
    }

    /// <summary>Records a well-formed event.</summary>
    /// <param name="inRange">Whether the event was inside the time range (and so delivered).</param>
    /// <param name="custom">Whether the event is of an unknown kind.</param>
    public void RecordEvent(bool inRange, bool custom)
    {
        Interlocked.Increment(ref _lines);
        Interlocked.Increment(ref _events);
        if (!inRange)
        {
            Interlocked.Increment(ref _filteredOut);
        }

        if (custom)
        {
            Interlocked.Increment(ref _customEvents);
        }
    }

    /// <summary>
    /// Records a batch of well-formed events and blank lines at once; cheaper than one call a line when several
    /// threads read (each call touches shared counters).
    /// </summary>
    /// <param name="events">The number of well-formed events.</param>
    /// <param name="filteredOut">How many of them were outside the time range.</param>
    /// <param name="customEvents">How many of them were of an unknown kind.</param>
    /// <param name="blankLines">The number of blank lines.</param>
    public void RecordBatch(long events, long filteredOut, long customEvents, long blankLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        ArgumentOutOfRangeException.ThrowIfNegative(blankLines);
        if (filteredOut < 0 || filteredOut > events)
        {
            throw new ArgumentOutOfRangeException(nameof(filteredOut), filteredOut, "The number of filtered-out events must be between 0 and the number of events.");
        }

        if (customEvents < 0 || customEvents > events)
        {
            throw new ArgumentOutOfRangeException(nameof(customEvents), customEvents, "The number of custom events must be between 0 and the number of events.");
        }

        Interlocked.Add(ref _lines, events + blankLines);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _blankLines, blankLines);
        Interlocked.Add(ref _filteredOut, filteredOut);
        Interlocked.Add(ref _customEvents, customEvents);
    }

    /// <summary>Records a malformed line.</summary>
    /// <param name="reason">Why the line was skipped.</param>
    /// <param name="file">The file it is in.</param>
    /// <param name="line">Its 1-based line number.</param>
    /// <param name="detail">A short explanation that holds none of the line's content.</param>
    public void RecordMalformed(MalformedReason reason, string file, long line, string detail)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(detail);
        if ((uint)reason >= (uint)_malformed.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason, "The malformed reason is not a defined value.");
        }

        Interlocked.Increment(ref _lines);
        var count = Interlocked.Increment(ref _malformed[(int)reason]);
        if (count <= SamplesPerReason)
        {
            lock (_samplesLock)
            {
                _samples.Add(new MalformedLineSample { File = file, Line = line, Reason = reason, Detail = detail });
            }
        }
    }

    /// <summary>Records that a file was detected as OTLP JSON (after <see cref="RecordFile"/>).</summary>
    internal void RecordOtlpFile() => Interlocked.Increment(ref _otlpFiles);

    /// <summary>Records an OTLP JSON document (a line of the file) and the spans it held.</summary>
    internal void RecordOtlpDocument(long spans)
    {
        Interlocked.Increment(ref _lines);
        Interlocked.Add(ref _spans, spans);
    }

    /// <summary>Records events made from spans, which are not lines of their own.</summary>
    internal void RecordSpanEvents(long events, long filteredOut)
    {
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _filteredOut, filteredOut);
    }

    /// <summary>Records an unusable span: malformed under its reason, without counting a line.</summary>
    internal void RecordSkippedSpan(MalformedReason reason, string file, long line, string detail)
    {
        var count = Interlocked.Increment(ref _malformed[(int)reason]);
        if (count <= SamplesPerReason)
        {
            lock (_samplesLock)
            {
                _samples.Add(new MalformedLineSample { File = file, Line = line, Reason = reason, Detail = detail });
            }
        }
    }
}
