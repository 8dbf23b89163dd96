using System.Text;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Masks the variable parts of an error message and splits it into tokens. Every wildcard token is the one
/// interned <see cref="ErrorTemplateMiner.Wildcard"/> instance.
/// </summary>
internal static class ErrorMasker
{
    private const string Wildcard = ErrorTemplateMiner.Wildcard;
    private const int MaxQuotedLength = 512;

    public static string[] Tokenize(string message, int maxLength, int maxTokens)
    {
        var text = message.Length > maxLength ? message[..maxLength] : message;
        text = MaskQuoted(text);
        var tokens = new List<string>(16);
        string? previous = null;
        foreach (var range in text.AsSpan().SplitAny(" \t\r\n\f\v"))
        {
            var raw = text.AsSpan(range);
            if (raw.IsEmpty)
            {
                continue;
            }

            if (tokens.Count == maxTokens - 1)
            {
                tokens.Add(Wildcard);
                break;
            }

            var token = MaskToken(raw, previous);
            tokens.Add(token);
            previous = token;
        }

        if (tokens.Count == 0)
        {
            tokens.Add(string.Empty);
        }

        return [.. tokens];
    }

    /// <summary>Replaces quoted values ('…', "…", `…`) that start a token with a wildcard.</summary>
    private static string MaskQuoted(string text)
    {
        if (text.AsSpan().IndexOfAny("'\"`") < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
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

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copiedUpTo, i - copiedUpTo).Append(Wildcard);
            copiedUpTo = close + 1;
            i = close;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return builder.ToString();
    }

    private static string MaskToken(ReadOnlySpan<char> raw, string? previous)
    {
        if (raw.SequenceEqual(Wildcard))
        {
            return Wildcard;
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
            return raw.ToString();
        }

        if (core.IndexOf(Wildcard.AsSpan()) >= 0)
        {
            // A token holding a masked quote and more variable text (for example {<*>:5}) is variable as a whole.
            return core.IndexOfAnyInRange('0', '9') >= 0 ? Wildcard : raw.ToString();
        }

        if (!IsVariable(core, previous, out var keepPrefix))
        {
            return raw.ToString();
        }

        if (start == 0 && end == raw.Length && keepPrefix == 0)
        {
            return Wildcard;
        }

        return string.Concat(raw[..(start + keepPrefix)], Wildcard, raw[end..]);
    }

    /// <summary>Whether the core of a token is variable; <paramref name="keepPrefix"/> is the length of a <c>key=</c> to keep.</summary>
    private static bool IsVariable(ReadOnlySpan<char> core, string? previous, out int keepPrefix)
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
            return !IsStatusCode(core, previous);
        }

        // Long hex runs without digits (rare, but hashes can be) are ids too.
        return allHex && core.Length >= 8;
    }

    private static bool IsStatusCode(ReadOnlySpan<char> core, string? previous)
    {
        if (core.Length != 3 || core[0] is not ('4' or '5') || !char.IsAsciiDigit(core[1]) || !char.IsAsciiDigit(core[2]) || previous is null)
        {
            return false;
        }

        var word = previous.AsSpan().TrimEnd(":=".AsSpan());
        return word.Equals("http", StringComparison.OrdinalIgnoreCase)
            || word.Equals("status", StringComparison.OrdinalIgnoreCase)
            || word.Equals("code", StringComparison.OrdinalIgnoreCase)
            || word.Equals("status_code", StringComparison.OrdinalIgnoreCase)
            || word.Equals("error", StringComparison.OrdinalIgnoreCase);
    }
}
