namespace Alpha.Learning.Analysis.Internal;

/// <summary>Joining the tokens of one variable part (a number and its unit, a date, a list) into one wildcard.</summary>
internal static partial class ErrorMasker
{
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
            if (IsWordCharacter(c))
            {
                return false;
            }
        }

        foreach (var c in token[(at + Wildcard.Length)..])
        {
            if (IsWordCharacter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A letter, a digit, <c>=</c> or <c>_</c>: ASCII answered without the Unicode tables.</summary>
    private static bool IsWordCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '=' or '_' || (c > '\u007f' && char.IsLetterOrDigit(c));

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
}
