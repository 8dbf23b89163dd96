namespace Alpha.Learning.Analysis.Internal;

/// <summary>Recognises timeouts and transient errors from the error type and wording, per the options.</summary>
internal sealed class ErrorClassifier
{
    private readonly string[] _timeoutTypes;
    private readonly string[] _timeoutWords;
    private readonly string[] _timeoutNumbers;
    private readonly string[] _transientTypes;
    private readonly string[] _transientWords;
    private readonly string[] _transientNumbers;

    public ErrorClassifier(AnalysisOptions options)
    {
        _timeoutTypes = [.. options.TimeoutErrorTypes];
        (_timeoutWords, _timeoutNumbers) = Split(options.TimeoutMessageMarkers);
        _transientTypes = [.. options.TransientErrorTypes];
        (_transientWords, _transientNumbers) = Split(options.TransientMessageMarkers);
    }

    public bool IsTimeout(string? errorType, string? message)
    {
        if (MatchesType(errorType, _timeoutTypes))
        {
            return true;
        }

        return message is not null && MatchesWords(message, _timeoutWords, _timeoutNumbers, requireHttpContext: false);
    }

    public bool IsTransient(string? errorType, string? message)
    {
        if (IsTimeout(errorType, message) || MatchesType(errorType, _transientTypes))
        {
            return true;
        }

        return message is not null && MatchesWords(message, _transientWords, _transientNumbers, requireHttpContext: true);
    }

    private static (string[] Words, string[] Numbers) Split(IList<string> markers)
    {
        var words = new List<string>();
        var numbers = new List<string>();
        foreach (var marker in markers)
        {
            if (string.IsNullOrWhiteSpace(marker))
            {
                continue;
            }

            (marker.AsSpan().ContainsAnyExceptInRange('0', '9') ? words : numbers).Add(marker);
        }

        return ([.. words], [.. numbers]);
    }

    private static bool MatchesType(string? errorType, string[] types)
    {
        if (string.IsNullOrEmpty(errorType))
        {
            return false;
        }

        var lastDot = errorType.LastIndexOf('.');
        var last = lastDot >= 0 ? errorType.AsSpan(lastDot + 1) : errorType.AsSpan();
        foreach (var type in types)
        {
            if (string.Equals(errorType, type, StringComparison.OrdinalIgnoreCase) || last.Equals(type, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesWords(string message, string[] words, string[] numbers, bool requireHttpContext)
    {
        foreach (var word in words)
        {
            if (TextUtil.ContainsIgnoreCase(message, word))
            {
                return true;
            }
        }

        if (numbers.Length == 0)
        {
            return false;
        }

        if (requireHttpContext
            && !TextUtil.ContainsIgnoreCase(message, "http")
            && !TextUtil.ContainsIgnoreCase(message, "status")
            && !TextUtil.ContainsIgnoreCase(message, "code"))
        {
            return false;
        }

        foreach (var number in numbers)
        {
            if (TextUtil.ContainsNumberWord(message, number))
            {
                return true;
            }
        }

        return false;
    }
}
