namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Recognises timeouts and transient errors from the error type and the constant words of the message, per the
/// options. The message is masked first, as <see cref="ErrorTemplateMiner"/> masks it, so the decision depends only
/// on what every member of a template shares: a parameter (a quoted value, an id, a bare number such as
/// <c>-504.55</c>) never makes an error a timeout. A status number (429, 503, 504) counts only where the masker keeps
/// it, in an HTTP context (after <c>HTTP</c>, <c>status</c>, <c>code</c> or <c>error</c>), or as the error type.
/// </summary>
/// <remarks>
/// Not thread-safe: it reuses one token buffer (no allocation per message once grown). The sessions of one analysis
/// share one (<see cref="AnalysisContext.ErrorClassifier"/>); <see cref="LogAnalyzer"/> calls them one at a time.
/// </remarks>
internal sealed class ErrorClassifier
{
    private readonly string[] _timeoutTypes;
    private readonly string[] _timeoutWords;
    private readonly string[] _timeoutNumbers;
    private readonly string[] _transientTypes;
    private readonly string[] _transientWords;
    private readonly string[] _transientNumbers;
    private readonly int _maxLength;
    private readonly int _maxTokens;
    /// <summary>The most answers kept by the text of their question (beyond it, the kept answers are dropped and the count starts again).</summary>
    private const int MaxKeptAnswers = 4096;

    /// <summary>Characters before the masked text in <see cref="_text"/>: the error type's length (two) and the error type.</summary>
    private const int LengthPrefix = 2;

    private readonly TokenBuffer _tokens = new();
    private readonly Dictionary<string, ErrorClass> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ErrorClass>.AlternateLookup<ReadOnlySpan<char>> _answersBySpan;
    private char[] _text = new char[256];
    private string? _lastType;
    private string? _lastMessage;
    private ErrorClass _lastClass;
    private bool _hasLast;

    public ErrorClassifier(AnalysisOptions options)
    {
        _timeoutTypes = [.. options.TimeoutErrorTypes];
        (_timeoutWords, _timeoutNumbers) = Split(options.TimeoutMessageMarkers);
        _transientTypes = [.. options.TransientErrorTypes];
        (_transientWords, _transientNumbers) = Split(options.TransientMessageMarkers);
        _maxLength = options.ErrorTemplates.MaxMessageLength;
        _maxTokens = options.ErrorTemplates.MaxTokens;
        _answersBySpan = _answers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsTimeout(string? errorType, string? message) => Classify(errorType, message) == ErrorClass.Timeout;

    public bool IsTransient(string? errorType, string? message) => Classify(errorType, message) != ErrorClass.Permanent;

    /// <summary>Classifies an error by its type and the constant part of its message (the same for every member of its template).</summary>
    /// <remarks>
    /// The last answer is kept: the built-in detectors of one analysis share one classifier
    /// (<see cref="AnalysisContext.ErrorClassifier"/>), and each asks about the same event in turn. The key is the pair
    /// of string instances, so an answer is only reused for the very same texts.
    /// </remarks>
    public ErrorClass Classify(string? errorType, string? message)
    {
        if (_hasLast && ReferenceEquals(errorType, _lastType) && ReferenceEquals(message, _lastMessage))
        {
            return _lastClass;
        }

        var result = ClassifyCore(errorType, message);
        (_lastType, _lastMessage, _lastClass, _hasLast) = (errorType, message, result, true);
        return result;
    }

    /// <remarks>
    /// The answer depends only on the error type and the masked message, which the members of a template share: it is
    /// kept by that text (the error type's length, the error type, the masked message), so a template is classified
    /// once, not once per member. A null type or message is classified as an empty one (neither matches anything).
    /// </remarks>
    private ErrorClass ClassifyCore(string? errorType, string? message)
    {
        var key = Key(errorType ?? string.Empty, message ?? string.Empty);
        if (_answersBySpan.TryGetValue(key, out var known))
        {
            return known;
        }

        var text = key[(LengthPrefix + (errorType?.Length ?? 0))..];
        var result = MatchesType(errorType, _timeoutTypes, _timeoutNumbers) || MatchesWords(text, _timeoutWords, _timeoutNumbers)
            ? ErrorClass.Timeout
            : MatchesType(errorType, _transientTypes, _transientNumbers) || MatchesWords(text, _transientWords, _transientNumbers)
                ? ErrorClass.Transient
                : ErrorClass.Permanent;
        if (_answers.Count >= MaxKeptAnswers)
        {
            _answers.Clear();
        }

        _answers.Add(key.ToString(), result);
        return result;
    }

    /// <summary>
    /// The question as text, into a reused buffer: the error type's length (two characters), the error type, then the
    /// masked message (its tokens joined by single spaces).
    /// </summary>
    private ReadOnlySpan<char> Key(string errorType, string message)
    {
        var length = LengthPrefix + errorType.Length;
        Reserve(length);
        _text[0] = (char)(errorType.Length >> 16);
        _text[1] = (char)errorType.Length;
        errorType.CopyTo(_text.AsSpan(LengthPrefix));
        if (message.Length == 0)
        {
            return _text.AsSpan(0, length);
        }

        ErrorMasker.Tokenize(message, _maxLength, _maxTokens, _tokens);
        for (var i = 0; i < _tokens.Count; i++)
        {
            var token = _tokens[i];
            Reserve(length + token.Length + 1);
            if (i > 0)
            {
                _text[length++] = ' ';
            }

            token.CopyTo(_text.AsSpan(length));
            length += token.Length;
        }

        return _text.AsSpan(0, length);
    }

    private void Reserve(int length)
    {
        if (length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, length));
        }
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

    private static bool MatchesType(string? errorType, string[] types, string[] numbers)
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

        // A status number as the error type ("503", "HTTP_504").
        foreach (var number in numbers)
        {
            if (ContainsNumberWord(errorType, number))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesWords(ReadOnlySpan<char> text, string[] words, string[] numbers)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var word in words)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        // Numbers survive masking only in an HTTP context, so any that is left is a status.
        foreach (var number in numbers)
        {
            if (ContainsNumberWord(text, number))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/> holds <paramref name="number"/> as a whole number (no digit, letter, sign or decimal point next to it).</summary>
    private static bool ContainsNumberWord(ReadOnlySpan<char> text, string number)
    {
        var offset = 0;
        int index;
        while ((index = text[offset..].IndexOf(number, StringComparison.Ordinal)) >= 0)
        {
            var start = offset + index;
            var end = start + number.Length;
            var before = start == 0 || !(char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '-' or '+' or '.');
            var after = end >= text.Length || !(char.IsAsciiLetterOrDigit(text[end]) || (text[end] == '.' && end + 1 < text.Length && char.IsAsciiDigit(text[end + 1])));
            if (before && after)
            {
                return true;
            }

            offset = end;
        }

        return false;
    }
}
