using System.Globalization;
using System.Text;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>Renders typed values as JSON text: numbers in their shortest round-trip form (a double keeps a decimal point), strings escaped.</summary>
internal static class JsonScalars
{
    public static string Render(object value) => value switch
    {
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => RenderDouble(d),
        string s => Quote(s),
        _ => throw new ArgumentException(FormattableString.Invariant($"A {value.GetType().Name} cannot be written to a JSON configuration."), nameof(value)),
    };

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u0085' || (char.IsSurrogate(c) && !IsPaired(value, i)))
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

    private static bool IsPaired(string value, int i) =>
        char.IsHighSurrogate(value[i]) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) : i > 0 && char.IsHighSurrogate(value[i - 1]);

    private static string RenderDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("A number that is not finite cannot be written to a JSON configuration.", nameof(value));
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') < 0 ? text + ".0" : text;
    }
}
