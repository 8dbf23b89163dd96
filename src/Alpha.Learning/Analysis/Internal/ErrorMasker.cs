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
                Collapse(tokens);
                break;
            }

            MaskToken(raw, tokens);
            Collapse(tokens);
        }

        if (tokens.Count == 0)
        {
            tokens.Add(string.Empty);
        }
    }

    /// <summary>
    /// Makes one wildcard of a variable part that spans several tokens, so a parameter whose token count varies joins
    /// one template: adjacent wildcards (<c>&lt;*&gt; (&lt;*&gt;</c>), a unit after a wildcard (<c>&lt;*&gt; KB</c>,
    /// <c>&lt;*&gt; ms</c>) and a month or weekday name next to a wildcard (<c>Fri Jun &lt;*&gt;</c>, a date).
    /// Called after each token is added, so it only looks at the last two.
    /// </summary>
    private static void Collapse(TokenBuffer tokens)
    {
        while (tokens.Count >= 2)
        {
            var last = tokens[tokens.Count - 1];
            var previous = tokens[tokens.Count - 2];
            var lastWild = IsWildcardish(last);
            var previousWild = IsWildcardish(previous);
            var merge = (previousWild && (lastWild || IsUnit(last) || IsDateName(last))) || (lastWild && IsDateName(previous));
            if (!merge)
            {
                return;
            }

            tokens.RemoveLast();
            tokens.RemoveLast();
            tokens.Add(Wildcard);
        }
    }

    /// <summary>Whether a token is a wildcard with nothing but punctuation around it (<c>(&lt;*&gt;)</c>, <c>&lt;*&gt;,</c>).</summary>
    internal static bool IsWildcardish(ReadOnlySpan<char> token)
    {
        var at = token.IndexOf(Wildcard.AsSpan());
        if (at < 0)
        {
            return false;
        }

        foreach (var c in token[..at])
        {
            if (char.IsLetterOrDigit(c) || c is '=' or '_')
            {
                return false;
            }
        }

        foreach (var c in token[(at + Wildcard.Length)..])
        {
            if (char.IsLetterOrDigit(c) || c is '=' or '_')
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> Core(ReadOnlySpan<char> token) => token.Trim("()[]{}<>,;:.!?\"'`".AsSpan());

    /// <summary>Whether a token is a unit of size, time or rate (<c>KB</c>, <c>ms</c>, <c>seconds</c>, <c>%</c>).</summary>
    private static bool IsUnit(ReadOnlySpan<char> token)
    {
        var core = Core(token);
        if (core.IsEmpty || core.Length > 7)
        {
            return false;
        }

        foreach (var unit in Units)
        {
            if (core.Equals(unit, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a token is a capitalised month or weekday name (the case keeps the words may, sat, sun out).</summary>
    private static bool IsDateName(ReadOnlySpan<char> token)
    {
        var core = Core(token);
        if (core.Length < 3 || !char.IsAsciiLetterUpper(core[0]))
        {
            return false;
        }

        foreach (var name in DateNames)
        {
            if (core.Equals(name, StringComparison.Ordinal) || (core.Length > 3 && core.StartsWith(name, StringComparison.Ordinal) && IsFullDateName(core)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFullDateName(ReadOnlySpan<char> core)
    {
        foreach (var name in FullDateNames)
        {
            if (core.Equals(name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] Units =
    [
        "b", "byte", "bytes", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "kbps", "mbps", "gbps",
        "ns", "us", "µs", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
        "h", "hr", "hrs", "hour", "hours", "day", "days", "%",
    ];

    private static readonly string[] DateNames =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly string[] FullDateNames =
    [
        "January", "February", "March", "April", "June", "July", "August", "September", "Sept", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ];

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
                tokens.BeginMasked(text.Length + (2 * Wildcard.Length));
                masked = true;
            }

            tokens.AppendMasked(text[copiedUpTo..i]);
            var method = HttpMethodLength(text[(i + 1)..close]);
            if (method > 0)
            {
                // An HTTP request line ("GET /path HTTP/1.1") keeps its method: it names the operation.
                tokens.AppendMasked(text.Slice(i + 1, method + 1));
            }

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

    /// <summary>The length of the method of an HTTP request line (<c>GET /x HTTP/1.1</c>), or 0.</summary>
    private static int HttpMethodLength(ReadOnlySpan<char> quoted)
    {
        var space = quoted.IndexOf(' ');
        if (space is < 3 or > 7 || quoted.IndexOf(" HTTP/".AsSpan()) < 0)
        {
            return 0;
        }

        foreach (var c in quoted[..space])
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return 0;
            }
        }

        return space;
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
        if (core.IsEmpty && raw is "()" or "[]" or "{}" or "''" or "\"\"")
        {
            // An empty value in brackets or quotes is a value like any other.
            tokens.Add(Wildcard);
            return;
        }

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

        // key=value, key:value, name(value, name,value keep the key when the value is variable.
        var separator = KeyLength(core);
        if (separator > 0)
        {
            if (IsVariable(core[(separator + 1)..], default, false, out _))
            {
                keepPrefix = separator + 1;
                return true;
            }

            return false;
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

    /// <summary>The length of a leading word followed by <c>=</c>, <c>:</c>, <c>,</c> or <c>(</c> and more text, or 0.</summary>
    private static int KeyLength(ReadOnlySpan<char> core)
    {
        for (var i = 0; i < core.Length - 1; i++)
        {
            var c = core[i];
            if (c is '=' or ':' or ',' or '(')
            {
                return i > 0 ? i : 0;
            }

            if (!char.IsLetter(c) && c is not ('_' or '-'))
            {
                return 0;
            }
        }

        return 0;
    }

    private static bool IsStatusCode(ReadOnlySpan<char> core, ReadOnlySpan<char> previous, bool hasPrevious)
    {
        if (core.Length != 3 || core[0] is not ('4' or '5') || !char.IsAsciiDigit(core[1]) || !char.IsAsciiDigit(core[2]) || !hasPrevious)
        {
            return false;
        }

        var word = previous.TrimStart("([{".AsSpan()).TrimEnd(":=".AsSpan());
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

    /// <summary>Removes the last token (its characters are reused by the next one).</summary>
    public void RemoveLast()
    {
        Count--;
        _length = _tokens[Count].Start.Value;
    }

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
