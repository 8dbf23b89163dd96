using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// A cheap linear scan of JSON (with comments) before any parse: refuses nesting deeper than the limit, strings
/// longer than the limit, unterminated strings and comments, and NUL or other control characters outside
/// whitespace. It never recurses and allocates nothing, so a 100,000-deep bracket bomb or a 10 MB string is refused
/// in a few milliseconds.
/// </summary>
internal static class JsonPreScan
{
    public static void Check(ReadOnlySpan<byte> utf8, string location, int maxDepth, int maxStringBytes)
    {
        var depth = 0;
        var i = 0;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            switch (b)
            {
                case (byte)'{' or (byte)'[':
                    if (++depth > maxDepth)
                    {
                        throw JsonModel.Refuse(ConfigStoreError.TooDeep, location, Inv($"nests deeper than {maxDepth} levels at {JsonModel.Where(utf8, i)}"));
                    }

                    i++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    i++;
                    break;
                case (byte)'"':
                    i = SkipString(utf8, i, location, maxStringBytes);
                    break;
                case (byte)'/' when i + 1 < utf8.Length && utf8[i + 1] == (byte)'/':
                    var newline = utf8[i..].IndexOf((byte)'\n');
                    i = newline < 0 ? utf8.Length : i + newline + 1;
                    break;
                case (byte)'/' when i + 1 < utf8.Length && utf8[i + 1] == (byte)'*':
                    var close = utf8[(i + 2)..].IndexOf("*/"u8);
                    if (close < 0)
                    {
                        throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"has a /* comment that never ends, from {JsonModel.Where(utf8, i)}"));
                    }

                    i += close + 4;
                    break;
                case < 0x20 when b is not ((byte)'\t' or (byte)'\n' or (byte)'\r'):
                    throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"contains the control character U+{b:X4} at {JsonModel.Where(utf8, i)}"));
                default:
                    i++;
                    break;
            }
        }
    }

    private static int SkipString(ReadOnlySpan<byte> utf8, int open, string location, int maxStringBytes)
    {
        var i = open + 1;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b == (byte)'"')
            {
                return i + 1;
            }

            if (b < 0x20)
            {
                throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"contains the control character U+{b:X4} inside a string at {JsonModel.Where(utf8, i)}"));
            }

            i += b == (byte)'\\' ? 2 : 1;
            if (i - open > maxStringBytes + 1)
            {
                throw JsonModel.Refuse(ConfigStoreError.TooLarge, location, Inv($"has a string longer than {maxStringBytes} bytes starting at {JsonModel.Where(utf8, open)}"));
            }
        }

        throw JsonModel.Refuse(ConfigStoreError.Syntax, location, Inv($"has a string that never ends, from {JsonModel.Where(utf8, open)}"));
    }
}
