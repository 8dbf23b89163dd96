using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

using YamlDotNet.Core;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>Typing of plain YAML scalars (YAML 1.2 core schema) and rendering of typed values as scalar text.</summary>
internal static partial class YamlScalars
{
    /// <summary>Resolves a plain scalar to null, bool, long, double or string (YAML 1.2 core schema).</summary>
    public static object? Resolve(string plain)
    {
        switch (plain)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }

        if (IntegerRegex().IsMatch(plain))
        {
            // Boxed separately: a conditional of long and double would be a double.
            if (long.TryParse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return integer;
            }

            return double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (FloatRegex().IsMatch(plain))
        {
            return double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return plain;
    }

    /// <summary>Compares typed values: numbers by value (a long equals the same double), others by type and value.</summary>
    public static bool ValueEquals(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        (bool a, bool b) => a == b,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Normalizes a change value to bool, long, double or string, or returns <see langword="null"/> when it is none of those.</summary>
    public static object? Normalize(object? value) => value switch
    {
        bool or long or double or string => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        float f => (double)f,
        decimal d => (double)d,
        _ => null,
    };

    /// <summary>Renders a value as the text of a scalar, keeping the style of the scalar it replaces where sensible.</summary>
    public static string Render(object value, YScalar? replaced)
    {
        switch (value)
        {
            case bool b:
                var word = b ? "true" : "false";
                if (replaced is { Style: ScalarStyle.Plain, Typed: bool })
                {
                    if (replaced.Value.All(char.IsUpper))
                    {
                        return word.ToUpperInvariant();
                    }

                    if (char.IsUpper(replaced.Value[0]))
                    {
                        return char.ToUpperInvariant(word[0]) + word[1..];
                    }
                }

                return word;
            case long l:
                return l.ToString(CultureInfo.InvariantCulture);
            case double d:
                if (!double.IsFinite(d))
                {
                    throw new ArgumentException(Inv($"The value {d} is not a finite number."), nameof(value));
                }

                var text = d.ToString("R", CultureInfo.InvariantCulture);
                if (text.Contains('E', StringComparison.Ordinal))
                {
                    text = text.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
                    if (!text.Contains('.', StringComparison.Ordinal))
                    {
                        var e = text.IndexOf('e', StringComparison.Ordinal);
                        text = string.Concat(text.AsSpan(0, e), ".0", text.AsSpan(e));
                    }
                }
                else if (!text.Contains('.', StringComparison.Ordinal))
                {
                    text += ".0";
                }

                return text;
            case string s:
                return RenderString(s, replaced?.Style ?? ScalarStyle.Plain);
            default:
                throw new ArgumentException(Inv($"A configuration value must be a bool, a long, a double or a string; it is a {value.GetType().Name}."), nameof(value));
        }
    }

    /// <summary>Renders a mapping key.</summary>
    public static string RenderKey(string key) => RenderString(key, ScalarStyle.Plain);

    /// <summary>Gets whether a string can be written as a plain scalar and read back as the same string by any YAML reader (1.1 or 1.2).</summary>
    public static bool IsPlainSafe(string value) =>
        value.Length is > 0 and <= 256
        && PlainSafeRegex().IsMatch(value)
        && Resolve(value) is string
        && !Yaml11Words().IsMatch(value);

    /// <summary>Escapes a value for a message: control characters shown as escapes, cut to 80 characters.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 84));
        foreach (var c in value)
        {
            if (builder.Length >= 80)
            {
                builder.Append('…');
                break;
            }

            if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Formats a typed value for a message.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "absent",
        string s => "'" + Escape(s) + "'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Escape(value.ToString() ?? string.Empty),
    };

    private static string RenderString(string value, ScalarStyle style)
    {
        if (style == ScalarStyle.SingleQuoted && !value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF'))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        if (style is ScalarStyle.Plain or ScalarStyle.Any && IsPlainSafe(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u0085')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }


    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatRegex();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafeRegex();

    [GeneratedRegex(@"^(y|n|yes|no|on|off|true|false|null)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Yaml11Words();
}
