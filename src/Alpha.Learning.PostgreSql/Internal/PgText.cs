using System.Text;

namespace Alpha.Learning.Storage.Internal;

/// <summary>
/// PostgreSQL text cannot hold U+0000, and Npgsql refuses unpaired surrogates. Text is stored so that it reads back
/// exactly as the SQLite store gives it: U+0000 as U+0001 '0' and U+0001 as U+0001 U+0001 (reversible; equality still
/// works since parameters are encoded the same way), an unpaired surrogate as U+FFFD (as SQLite's UTF-8 does).
/// </summary>
internal static class PgText
{
    private const char Escape = '\u0001';

    public static string Encode(string value)
    {
        var i = 0;
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (c <= Escape || char.IsSurrogate(c))
            {
                break;
            }
        }

        if (i == value.Length)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8).Append(value, 0, i);
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                builder.Append(Escape).Append('0');
            }
            else if (c == Escape)
            {
                builder.Append(Escape).Append(Escape);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string value)
    {
        var i = value.IndexOf(Escape, StringComparison.Ordinal);
        if (i < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length).Append(value, 0, i);
        for (; i < value.Length; i++)
        {
            var c = value[i];
            if (c == Escape && i + 1 < value.Length)
            {
                builder.Append(value[++i] == '0' ? '\0' : Escape);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
