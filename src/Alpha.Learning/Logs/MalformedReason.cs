namespace Alpha.Learning.Logs;

/// <summary>
/// Why a log line was skipped. Each malformed line is counted under exactly one reason.
/// </summary>
public enum MalformedReason
{
    /// <summary>The line is not valid JSON.</summary>
    InvalidJson = 0,

    /// <summary>The line is valid JSON but not an object.</summary>
    NotAnObject = 1,

    /// <summary>The line is not valid UTF-8.</summary>
    InvalidUtf8 = 2,

    /// <summary>The line holds a raw control character, or a name field holds an escaped one (which could forge lines when shown).</summary>
    ControlCharacter = 3,

    /// <summary>The JSON nests deeper than the configured limit.</summary>
    TooDeep = 4,

    /// <summary>A known property appears more than once.</summary>
    DuplicateProperty = 5,

    /// <summary>The line is longer than the configured limit.</summary>
    LineTooLong = 6,

    /// <summary>A required field (<c>event</c>, <c>timestamp</c>, or one the event kind needs) is missing or null.</summary>
    MissingField = 7,

    /// <summary>A known field has the wrong JSON type (for example a string duration or a number as a task name).</summary>
    InvalidFieldType = 8,

    /// <summary>A number is out of range: not finite, negative where it cannot be, or too large.</summary>
    InvalidNumber = 9,

    /// <summary>The timestamp is not an ISO 8601 date and time.</summary>
    InvalidTimestamp = 10,

    /// <summary>The rest of a file could not be read (a corrupt or truncated compressed file); counted once for that file.</summary>
    UnreadableData = 11,
}
