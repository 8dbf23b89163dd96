using System.Buffers;
using System.Globalization;
using System.Text.Json;

using Alpha.Learning.Logs.Internal;

namespace Alpha.Learning.Logs;

/// <summary>
/// Writes execution events in the JSON-lines format that <see cref="JsonLinesLogSource"/> reads: thread-safe,
/// buffered, rotating by day and by size, flushing on dispose. Every value is escaped, so no text can
/// forge a line.
/// </summary>
public sealed class JsonLinesExecutionLogger : IDisposable, IAsyncDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = false };

    private readonly JsonLinesExecutionLoggerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private FileStream? _file;
    private DateOnly _fileDay;
    private int _fileIndex;
    private long _fileLength;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="JsonLinesExecutionLogger"/> class.</summary>
    /// <param name="options">Where and how to write.</param>
    /// <param name="timeProvider">The clock for event timestamps. The default value is <see cref="TimeProvider.System"/>.</param>
    public JsonLinesExecutionLogger(JsonLinesExecutionLoggerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory, nameof(options.Directory));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FilePrefix, nameof(options.FilePrefix));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxFileBytes, nameof(options.MaxFileBytes));
        if (options.FilePrefix.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || options.FilePrefix.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The file prefix '{options.FilePrefix}' is not a valid file name.", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        System.IO.Directory.CreateDirectory(options.Directory);
    }

    /// <summary>Gets the file currently written to, or <see langword="null"/> before the first event.</summary>
    public string? CurrentFile
    {
        get
        {
            lock (_lock)
            {
                return _file?.Name;
            }
        }
    }

    /// <summary>Writes a <c>task_start</c> event.</summary>
    /// <param name="taskId">The id of this run of the task.</param>
    /// <param name="taskName">The name (type) of the task.</param>
    public void LogTaskStart(string taskId, string taskName) =>
        LogEvent(new ExecutionEvent { Kind = ExecutionEventKind.TaskStart, EventName = "task_start", Timestamp = Now(), TaskId = Required(taskId), TaskName = Required(taskName) });

    /// <summary>Writes a <c>task_complete</c> event.</summary>
    /// <param name="taskId">The id of this run of the task.</param>
    /// <param name="taskName">The name (type) of the task.</param>
    /// <param name="duration">How long the task ran.</param>
    public void LogTaskComplete(string taskId, string taskName, TimeSpan duration) =>
        LogEvent(new ExecutionEvent { Kind = ExecutionEventKind.TaskComplete, EventName = "task_complete", Timestamp = Now(), TaskId = Required(taskId), TaskName = Required(taskName), Duration = Seconds(duration) });

    /// <summary>Writes a <c>task_error</c> event.</summary>
    /// <param name="taskId">The id of this run of the task.</param>
    /// <param name="taskName">The name (type) of the task.</param>
    /// <param name="error">The error message.</param>
    /// <param name="errorType">The error type, for example <c>TimeoutError</c>.</param>
    /// <param name="traceback">The stack trace, if any.</param>
    /// <param name="duration">How long the task ran before failing, if known.</param>
    public void LogTaskError(string taskId, string taskName, string error, string? errorType = null, string? traceback = null, TimeSpan? duration = null) =>
        LogEvent(new ExecutionEvent
        {
            Kind = ExecutionEventKind.TaskError,
            EventName = "task_error",
            Timestamp = Now(),
            TaskId = Required(taskId),
            TaskName = Required(taskName),
            Error = error ?? throw new ArgumentNullException(nameof(error)),
            ErrorType = errorType,
            Traceback = traceback,
            Duration = duration is { } d ? Seconds(d) : null,
        });

    /// <summary>Writes a <c>tool_execution</c> event.</summary>
    /// <param name="taskId">The id of the task run that called the tool.</param>
    /// <param name="toolName">The tool.</param>
    /// <param name="duration">How long the call took.</param>
    /// <param name="success">Whether the call succeeded.</param>
    /// <param name="parameters">The call's parameters, written as a JSON object of strings; <see langword="null"/> for none.</param>
    /// <param name="error">The error message of a failed call.</param>
    public void LogToolExecution(string taskId, string toolName, TimeSpan duration, bool success, IReadOnlyDictionary<string, string>? parameters = null, string? error = null) =>
        LogEvent(new ExecutionEvent
        {
            Kind = ExecutionEventKind.ToolExecution,
            EventName = "tool_execution",
            Timestamp = Now(),
            TaskId = Required(taskId),
            ToolName = Required(toolName),
            Duration = Seconds(duration),
            Success = success,
            Parameters = parameters is null ? null : ToJson(parameters),
            Error = error,
        });

    /// <summary>Writes an <c>llm_interaction</c> event.</summary>
    /// <param name="taskId">The id of the task run that called the model.</param>
    /// <param name="provider">The provider, for example <c>openai</c>.</param>
    /// <param name="model">The model, for example <c>gpt-4o</c>.</param>
    /// <param name="promptTokens">The number of prompt tokens.</param>
    /// <param name="completionTokens">The number of completion tokens.</param>
    /// <param name="duration">How long the call took.</param>
    /// <param name="estimatedCost">The cost in US dollars, if known.</param>
    public void LogLlmInteraction(string taskId, string provider, string model, long promptTokens, long completionTokens, TimeSpan duration, double? estimatedCost = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(completionTokens);
        if (estimatedCost is { } cost && (!double.IsFinite(cost) || cost < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(estimatedCost), cost, "The estimated cost must be a finite, non-negative number.");
        }

        LogEvent(new ExecutionEvent
        {
            Kind = ExecutionEventKind.LlmInteraction,
            EventName = "llm_interaction",
            Timestamp = Now(),
            TaskId = Required(taskId),
            Provider = Required(provider),
            Model = Required(model),
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = promptTokens + completionTokens,
            Duration = Seconds(duration),
            EstimatedCost = estimatedCost,
        });
    }

    /// <summary>Writes any event, with its own timestamp; the way to write a host's own event kinds (<see cref="ExecutionEvent.Fields"/>).</summary>
    /// <param name="executionEvent">The event.</param>
    public void LogEvent(ExecutionEvent executionEvent)
    {
        ArgumentNullException.ThrowIfNull(executionEvent);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var start = _buffer.WrittenCount;
            try
            {
                ExecutionEventJsonWriter.Write(_writer, executionEvent);
                _writer.Flush();
            }
            catch
            {
                // Drop the half-written event so the next one starts on a clean line.
                _writer.Reset();
                var kept = _buffer.WrittenSpan[..start].ToArray();
                _buffer.Clear();
                _buffer.Write(kept);
                throw;
            }

            _buffer.Write("\n"u8);
            _writer.Reset();
            var day = DateOnly.FromDateTime(executionEvent.Timestamp.UtcDateTime);
            if (_file is null)
            {
                OpenFile(day, 0);
            }
            else if (_options.RotateDaily && day != _fileDay)
            {
                RotateTo(day, 0, start);
            }
            else if (_options.MaxFileBytes > 0 && _fileLength + start > 0 && _fileLength + _buffer.WrittenCount > _options.MaxFileBytes)
            {
                RotateTo(_fileDay, _fileIndex + 1, start);
            }

            if (_options.AutoFlush || _buffer.WrittenCount >= 64 * 1024)
            {
                FlushBuffer(toDisk: _options.AutoFlush);
            }
        }
    }

    /// <summary>Writes every buffered event to the file and flushes it to disk.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                FlushBuffer(toDisk: true);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            FlushBuffer(toDisk: true);
            _file?.Dispose();
            _writer.Dispose();
            _disposed = true;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes what precedes the newest event to the current file, then starts a new file with that event.</summary>
    private void RotateTo(DateOnly day, int index, int newestEventStart)
    {
        var newest = _buffer.WrittenSpan[newestEventStart..].ToArray();
        _file!.Write(_buffer.WrittenSpan[..newestEventStart]);
        _file.Flush(flushToDisk: true);
        _buffer.Clear();
        _buffer.Write(newest);
        OpenFile(day, index);
    }

    private void OpenFile(DateOnly day, int index)
    {
        _file?.Dispose();
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        while (true)
        {
            var name = index == 0 ? $"{_options.FilePrefix}-{date}.jsonl" : $"{_options.FilePrefix}-{date}-{index:D3}.jsonl";
            var path = Path.Combine(_options.Directory, name);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
            if (_options.MaxFileBytes > 0 && stream.Length >= _options.MaxFileBytes)
            {
                stream.Dispose();
                index++;
                continue;
            }

            _file = stream;
            _fileLength = stream.Length;
            _fileDay = day;
            _fileIndex = index;
            return;
        }
    }

    private void FlushBuffer(bool toDisk)
    {
        if (_file is null || _buffer.WrittenCount == 0)
        {
            return;
        }

        _file.Write(_buffer.WrittenSpan);
        _fileLength += _buffer.WrittenCount;
        _buffer.Clear();
        if (toDisk)
        {
            _file.Flush(flushToDisk: true);
        }
    }

    private DateTimeOffset Now() => _timeProvider.GetUtcNow();

    private static double Seconds(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero, nameof(duration));
        return duration.TotalSeconds;
    }

    private static string Required(string value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        return value;
    }

    private static string ToJson(IReadOnlyDictionary<string, string> parameters)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in parameters)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
