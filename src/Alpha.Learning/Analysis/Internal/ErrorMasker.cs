namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Masks the variable parts of an error message and splits it into tokens, into a reusable
/// <see cref="TokenBuffer"/> (no allocation per message once the buffer has grown). A token whose text is
/// <c>&lt;*&gt;</c> is a wildcard, and <see cref="TokenBuffer.ToArray"/> makes every wildcard the one interned
/// <see cref="ErrorTemplateMiner.Wildcard"/> instance.
/// </summary>
internal static class ErrorMasker
{
    private const string Wildcard = ErrorTemplateMiner.Wildcard;
    private const int MaxQuotedLength = 512;

    /// <summary>Tokenizes <paramref name="message"/> into a new array (for tests and one-off use).</summary>
    public static string[] Tokenize(string message, int maxLength, int maxTokens)
    {
        var tokens = new TokenBuffer();
        Tokenize(message, maxLength, maxTokens, tokens);
        return tokens.ToArray();
    }

    /// <summary>Tokenizes <paramref name="message"/> into <paramref name="tokens"/>, replacing what it held.</summary>
    public static void Tokenize(string message, int maxLength, int maxTokens, TokenBuffer tokens)
    {
        tokens.Clear();
        var text = MaskQuoted(message.AsSpan(0, Math.Min(message.Length, maxLength)), tokens);
        foreach (var range in text.SplitAny(" \t\r\n\f\v"))
        {
            var raw = text[range];
            if (raw.IsEmpty)
            {
                continue;
            }

            if (tokens.Count == maxTokens - 1)
            {
                tokens.Add(Wildcard);
                break;
            }

            MaskToken(raw, tokens);
        }

        if (tokens.Count == 0)
        {
            tokens.Add(string.Empty);
        }
    }

    /// <summary>Replaces quoted values ('…', "…", `…`) that start a token with a wildcard.</summary>
    private static ReadOnlySpan<char> MaskQuoted(ReadOnlySpan<char> text, TokenBuffer tokens)
    {
        if (text.IndexOfAny("'\"`") < 0)
        {
            return text;
        }

        var masked = false;
        var copiedUpTo = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('\'' or '"' or '`'))
            {
                continue;
            }

            var startsToken = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[' or '{' or '=' or ':' or ',' or '<';
            if (!startsToken)
            {
                continue;
            }

            var limit = Math.Min(text.Length, i + 1 + MaxQuotedLength);
            var close = -1;
            for (var j = i + 1; j < limit; j++)
            {
                if (text[j] == c)
                {
                    var endsToken = j + 1 == text.Length || char.IsWhiteSpace(text[j + 1]) || char.IsPunctuation(text[j + 1]) || char.IsSymbol(text[j + 1]);
                    if (endsToken)
                    {
                        close = j;
                        break;
                    }
                }
            }

            if (close < 0)
            {
                continue;
            }

            if (!masked)
            {
                tokens.BeginMasked(text.Length + Wildcard.Length);
                masked = true;
            }

            tokens.AppendMasked(text[copiedUpTo..i]);
            tokens.AppendMasked(Wildcard);
            copiedUpTo = close + 1;
            i = close;
        }

        if (!masked)
        {
            return text;
        }

        tokens.AppendMasked(text[copiedUpTo..]);
        return tokens.Masked;
    }

    private static void MaskToken(ReadOnlySpan<char> raw, TokenBuffer tokens)
    {
        if (raw.SequenceEqual(Wildcard))
        {
            tokens.Add(Wildcard);
            return;
        }

        // Split off leading and trailing punctuation; mask the core.
        var start = 0;
        while (start < raw.Length && raw[start] is '(' or '[' or '{' or '<' or '"' or '\'' or '`')
        {
            start++;
        }

        var end = raw.Length;
        while (end > start && raw[end - 1] is ')' or ']' or '}' or '>' or ',' or ';' or ':' or '.' or '!' or '?' or '"' or '\'' or '`')
        {
            end--;
        }

        var core = raw[start..end];
        if (core.IsEmpty || core.SequenceEqual(Wildcard))
        {
            tokens.Add(raw);
            return;
        }

        if (core.IndexOf(Wildcard.AsSpan()) >= 0)
        {
            // A token holding a masked quote and more variable text (for example {<*>:5}) is variable as a whole.
            tokens.Add(core.IndexOfAnyInRange('0', '9') >= 0 ? Wildcard : raw);
            return;
        }

        if (!IsVariable(core, tokens.Count > 0 ? tokens[tokens.Count - 1] : default, tokens.Count > 0, out var keepPrefix))
        {
            tokens.Add(raw);
            return;
        }

        if (start == 0 && end == raw.Length && keepPrefix == 0)
        {
            tokens.Add(Wildcard);
            return;
        }

        tokens.Add(raw[..(start + keepPrefix)], Wildcard, raw[end..]);
    }

    /// <summary>Whether the core of a token is variable; <paramref name="keepPrefix"/> is the length of a <c>key=</c> to keep.</summary>
    private static bool IsVariable(ReadOnlySpan<char> core, ReadOnlySpan<char> previous, bool hasPrevious, out int keepPrefix)
    {
        keepPrefix = 0;

        // URLs, e-mail addresses, paths.
        if (core.IndexOf("://".AsSpan()) >= 0 || core.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var at = core.IndexOf('@');
        if (at > 0 && core[(at + 1)..].IndexOf('.') > 0)
        {
            return true;
        }

        if (core.Length > 1 && core.IndexOfAny('/', '\\') >= 0)
        {
            return true;
        }

        // key=value keeps the key.
        var equals = core.IndexOf('=');
        if (equals > 0 && equals < core.Length - 1)
        {
            keepPrefix = equals + 1;
            return true;
        }

        // Dotted names inside a token (host names, file names, module paths) are variable.
        var dot = core.IndexOf('.');
        if (dot > 0 && dot < core.Length - 1 && char.IsAsciiLetterOrDigit(core[dot - 1]) && char.IsAsciiLetterOrDigit(core[dot + 1]))
        {
            return true;
        }

        var hasDigit = false;
        var allHex = true;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (!char.IsAsciiHexDigit(c))
            {
                allHex = false;
            }
        }

        if (hasDigit)
        {
            // Keep HTTP status codes after "HTTP", "status" or "code": they name the problem.
            return !IsStatusCode(core, previous, hasPrevious);
        }

        // Long hex runs without digits (rare, but hashes can be) are ids too.
        return allHex && core.Length >= 8;
    }

    private static bool IsStatusCode(ReadOnlySpan<char> core, ReadOnlySpan<char> previous, bool hasPrevious)
    {
        if (core.Length != 3 || core[0] is not ('4' or '5') || !char.IsAsciiDigit(core[1]) || !char.IsAsciiDigit(core[2]) || !hasPrevious)
        {
            return false;
        }

        var word = previous.TrimEnd(":=".AsSpan());
        return word.Equals("http", StringComparison.OrdinalIgnoreCase)
            || word.Equals("status", StringComparison.OrdinalIgnoreCase)
            || word.Equals("code", StringComparison.OrdinalIgnoreCase)
            || word.Equals("status_code", StringComparison.OrdinalIgnoreCase)
            || word.Equals("error", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// The tokens of one message as slices of a reused character buffer, so matching a message against the templates
/// allocates nothing; strings are made only for a new template (<see cref="ToArray"/>). Grows to the longest
/// message seen (bounded by <see cref="ErrorTemplateMinerOptions.MaxMessageLength"/> and
/// <see cref="ErrorTemplateMinerOptions.MaxTokens"/>). Not thread-safe.
/// </summary>
internal sealed class TokenBuffer
{
    private char[] _chars = new char[256];
    private int _length;
    private Range[] _tokens = new Range[16];
    private char[] _masked = [];
    private int _maskedLength;

    public int Count { get; private set; }

    /// <summary>Gets the text of token <paramref name="index"/> (valid until the buffer changes).</summary>
    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_tokens[index]);

    /// <summary>Gets the text with quoted values masked, after <see cref="BeginMasked"/> and <see cref="AppendMasked"/>.</summary>
    public ReadOnlySpan<char> Masked => _masked.AsSpan(0, _maskedLength);

    /// <summary>Whether token <paramref name="index"/> is a wildcard.</summary>
    public bool IsWildcard(int index) => this[index].SequenceEqual(ErrorTemplateMiner.Wildcard);

    public void Clear()
    {
        _length = 0;
        Count = 0;
        _maskedLength = 0;
    }

    public void Add(ReadOnlySpan<char> text) => Add(text, default, default);

    public void Add(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third)
    {
        var length = first.Length + second.Length + third.Length;
        if (_length + length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + length));
        }

        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        var start = _length;
        first.CopyTo(_chars.AsSpan(_length));
        _length += first.Length;
        second.CopyTo(_chars.AsSpan(_length));
        _length += second.Length;
        third.CopyTo(_chars.AsSpan(_length));
        _length += third.Length;
        _tokens[Count++] = new Range(start, _length);
    }

    public void BeginMasked(int capacityHint)
    {
        _maskedLength = 0;
        if (_masked.Length < capacityHint)
        {
            _masked = new char[Math.Max(capacityHint, 2 * _masked.Length)];
        }
    }

    public void AppendMasked(ReadOnlySpan<char> text)
    {
        if (_maskedLength + text.Length > _masked.Length)
        {
            Array.Resize(ref _masked, Math.Max(_masked.Length * 2, _maskedLength + text.Length));
        }

        text.CopyTo(_masked.AsSpan(_maskedLength));
        _maskedLength += text.Length;
    }

    /// <summary>Returns the tokens as strings; every wildcard is the interned <see cref="ErrorTemplateMiner.Wildcard"/>.</summary>
    public string[] ToArray()
    {
        var result = new string[Count];
        for (var i = 0; i < result.Length; i++)
        {
            var token = this[i];
            result[i] = token.IsEmpty ? string.Empty : token.SequenceEqual(ErrorTemplateMiner.Wildcard) ? ErrorTemplateMiner.Wildcard : token.ToString();
        }

        return result;
    }
}
