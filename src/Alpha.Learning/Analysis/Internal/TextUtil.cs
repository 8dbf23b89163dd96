namespace Alpha.Learning.Analysis.Internal;

internal static class TextUtil
{
    /// <summary>Truncates untrusted text for an example and replaces control characters, so it cannot forge lines.</summary>
    public static string Example(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var length = Math.Min(text.Length, Math.Max(1, maxLength));
        var truncated = length < text.Length;
        return string.Create(length + (truncated ? 1 : 0), (text, length, truncated), static (span, state) =>
        {
            for (var i = 0; i < state.length; i++)
            {
                var c = state.text[i];
                span[i] = char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c;
            }

            if (state.truncated)
            {
                span[state.length] = '…';
            }
        });
    }

    /// <summary>Ordinal case-insensitive containment.</summary>
    public static bool ContainsIgnoreCase(string text, string value) =>
        text.Contains(value, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="text"/> contains <paramref name="number"/> as a whole number (not part of a longer one).</summary>
    public static bool ContainsNumberWord(string text, string number)
    {
        var index = 0;
        while ((index = text.IndexOf(number, index, StringComparison.Ordinal)) >= 0)
        {
            var before = index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1]);
            var end = index + number.Length;
            var after = end >= text.Length || !char.IsAsciiLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index = end;
        }

        return false;
    }
}
