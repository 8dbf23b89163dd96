namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Masks the variable parts of an error message and splits it into tokens, into a reusable
/// <see cref="TokenBuffer"/> (no allocation per message once the buffer has grown). A token whose text is
/// <c>&lt;*&gt;</c> is a wildcard, and <see cref="TokenBuffer.ToArray"/> makes every wildcard the one interned
/// <see cref="ErrorTemplateMiner.Wildcard"/> instance.
/// </summary>
internal static partial class ErrorMasker
{
    private const string Wildcard = ErrorTemplateMiner.Wildcard;
    private const int MaxQuotedLength = 512;

    [ThreadStatic]
    private static LastTokenization? t_last;

    /// <summary>Tokenizes <paramref name="message"/> into a new array (for tests and one-off use).</summary>
    public static string[] Tokenize(string message, int maxLength, int maxTokens)
    {
        var tokens = new TokenBuffer();
        Tokenize(message, maxLength, maxTokens, tokens);
        return tokens.ToArray();
    }

    /// <summary>Tokenizes <paramref name="message"/> into <paramref name="tokens"/>, replacing what it held.</summary>
    /// <remarks>
    /// The result depends only on the arguments, so the last one is kept per thread: the built-in detectors that look
    /// at one error event (the classifier, the recurring-error, timeout and regression miners) mask its message once,
    /// not once each. The same string instance is the key (strings are immutable, and the kept reference keeps it alive).
    /// </remarks>
    public static void Tokenize(string message, int maxLength, int maxTokens, TokenBuffer tokens)
    {
        var last = t_last ??= new LastTokenization();
        if (ReferenceEquals(last.Message, message) && last.MaxLength == maxLength && last.MaxTokens == maxTokens)
        {
            tokens.CopyFrom(last.Tokens);
            return;
        }

        TokenizeCore(message, maxLength, maxTokens, tokens);
        last.Tokens.CopyFrom(tokens);
        last.Message = message;
        last.MaxLength = maxLength;
        last.MaxTokens = maxTokens;
    }

    private static void TokenizeCore(string message, int maxLength, int maxTokens, TokenBuffer tokens)
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

            if (!(char.IsAsciiLetter(c) || (c > '\u007f' && char.IsLetter(c))) && c is not ('_' or '-'))
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

    /// <summary>The last message tokenized on a thread, and its tokens.</summary>
    private sealed class LastTokenization
    {
        public TokenBuffer Tokens { get; } = new();

        public string? Message { get; set; }

        public int MaxLength { get; set; }

        public int MaxTokens { get; set; }
    }
}
