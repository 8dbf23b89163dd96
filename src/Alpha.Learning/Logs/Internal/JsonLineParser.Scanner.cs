using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// The fast scanner of <see cref="JsonLineParser"/>: reads a well-formed line without escapes (nearly every line an
/// agent writes) straight from its bytes, and gives up (returns <see langword="null"/>) on anything else, for the
/// reader path to read and judge.
/// </summary>
internal sealed partial class JsonLineParser
{
    /// <summary>The deepest nesting inside a field's value that the simple scanner reads (the reader takes deeper).</summary>
    private const int SimpleNesting = 16;

    /// <summary>
    /// Reads a well-formed object line whose strings hold no escape, with every field valid; <see langword="null"/>
    /// for anything else (the full reader then reads the line, and says what is wrong with it).
    /// </summary>
    /// <remarks>
    /// Accepts only what <see cref="System.Text.Json.Utf8JsonReader"/> accepts (the JSON grammar, nesting well inside the depth limit),
    /// so that a line is never read as an event here and as malformed there.
    /// </remarks>
    internal ExecutionEvent? TryParseSimple(ReadOnlySpan<byte> line)
    {
        var i = SkipWhitespace(line, 0);
        if (i >= line.Length || line[i] != (byte)'{')
        {
            return null;
        }

        var nesting = Math.Min(_readerOptions.MaxDepth - 2, SimpleNesting);
        var draft = default(Draft);
        i = SkipWhitespace(line, i + 1);
        while (true)
        {
            if (i >= line.Length || line[i] != (byte)'"')
            {
                return null; // Also an empty object: it lacks the required fields.
            }

            var nameEnd = StringEnd(line, i + 1);
            if (nameEnd < 0)
            {
                return null;
            }

            var field = EventFields.Of(line[(i + 1)..nameEnd]);
            i = SkipWhitespace(line, nameEnd + 1);
            if (i >= line.Length || line[i] != (byte)':')
            {
                return null;
            }

            var start = SkipWhitespace(line, i + 1);
            var end = ValueEnd(line, start, nesting);
            if (end < 0)
            {
                return null;
            }

            // An unknown field (field 0) is kept out of the way: a custom event's fields are read from the line at the end.
            if (field != EventField.None && (draft.Seen & field) != 0)
            {
                return null;
            }
            else if (field != EventField.None && KindAt(line[start]) is var kind and not ValueKind.Null)
            {
                var raw = line[start..end];
                if (SetField(ref draft, field, kind, kind == ValueKind.String ? raw[1..^1] : raw, raw) != FieldError.None)
                {
                    return null;
                }

                draft.Seen |= field;
            }

            i = SkipWhitespace(line, end);
            if (i >= line.Length)
            {
                return null;
            }

            if (line[i] == (byte)',')
            {
                i = SkipWhitespace(line, i + 1);
                continue;
            }

            if (line[i] != (byte)'}' || SkipWhitespace(line, i + 1) != line.Length)
            {
                return null;
            }

            return Build(ref draft, line, out _, out _);
        }
    }

    private static ValueKind KindAt(byte first) => first switch
    {
        (byte)'"' => ValueKind.String,
        (byte)'t' => ValueKind.True,
        (byte)'f' => ValueKind.False,
        (byte)'n' => ValueKind.Null,
        (byte)'{' or (byte)'[' => ValueKind.Container,
        _ => ValueKind.Number,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> line, int i)
    {
        // Compact lines have none: one comparison, inlined.
        return (uint)i < (uint)line.Length && line[i] > (byte)' ' ? i : SkipWhitespaceSlow(line, i);
    }

    private static int SkipWhitespaceSlow(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    /// <summary>The index of the quote that ends a string whose text starts at <paramref name="from"/>; -1 at an escape, a raw control byte or the end.</summary>
    private static int StringEnd(ReadOnlySpan<byte> line, int from)
    {
        // Sixteen bytes a step: most strings in a log line end within the first step.
        var i = from;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var first = ref MemoryMarshal.GetReference(line);
            while (i <= line.Length - Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref first, (nuint)i);
                var stops = Vector128.Equals(bytes, Vector128.Create((byte)'"'))
                    | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(bytes, Vector128.Create((byte)0x20));
                var mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(mask);
                    return line[at] == (byte)'"' ? at : -1;
                }

                i += Vector128<byte>.Count;
            }
        }

        for (; i < line.Length; i++)
        {
            var b = line[i];
            if (b == (byte)'"')
            {
                return i;
            }

            if (b == (byte)'\\' || b < 0x20)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The index after a JSON value at <paramref name="i"/> holding at most <paramref name="nesting"/> levels of containers; -1 if it is not one.</summary>
    private static int ValueEnd(ReadOnlySpan<byte> line, int i, int nesting)
    {
        if (i >= line.Length)
        {
            return -1;
        }

        switch (line[i])
        {
            case (byte)'"':
                var end = StringEnd(line, i + 1);
                return end < 0 ? -1 : end + 1;
            case (byte)'{' or (byte)'[':
                return nesting <= 0 ? -1 : ContainerEnd(line, i, nesting - 1);
            case (byte)'t':
                return line[i..].StartsWith("true"u8) ? i + 4 : -1;
            case (byte)'f':
                return line[i..].StartsWith("false"u8) ? i + 5 : -1;
            case (byte)'n':
                return line[i..].StartsWith("null"u8) ? i + 4 : -1;
            default:
                return NumberEnd(line, i);
        }
    }

    private static int ContainerEnd(ReadOnlySpan<byte> line, int i, int nesting)
    {
        var close = line[i] == (byte)'{' ? (byte)'}' : (byte)']';
        i = SkipWhitespace(line, i + 1);
        if (i < line.Length && line[i] == close)
        {
            return i + 1;
        }

        while (true)
        {
            if (close == (byte)'}')
            {
                if (i >= line.Length || line[i] != (byte)'"')
                {
                    return -1;
                }

                var nameEnd = StringEnd(line, i + 1);
                if (nameEnd < 0)
                {
                    return -1;
                }

                i = SkipWhitespace(line, nameEnd + 1);
                if (i >= line.Length || line[i] != (byte)':')
                {
                    return -1;
                }

                i = SkipWhitespace(line, i + 1);
            }

            i = ValueEnd(line, i, nesting);
            if (i < 0)
            {
                return -1;
            }

            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return -1;
            }

            if (line[i] == (byte)',')
            {
                i = SkipWhitespace(line, i + 1);
                continue;
            }

            return line[i] == close ? i + 1 : -1;
        }
    }

    /// <summary>The index after a JSON number at <paramref name="i"/> (<c>-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?</c>); -1 if there is none.</summary>
    private static int NumberEnd(ReadOnlySpan<byte> line, int i)
    {
        if (i < line.Length && line[i] == (byte)'-')
        {
            i++;
        }

        if (i >= line.Length || !char.IsAsciiDigit((char)line[i]))
        {
            return -1;
        }

        i = line[i] == (byte)'0' ? i + 1 : Digits(line, i);
        if (i < line.Length && line[i] == (byte)'.')
        {
            var fraction = Digits(line, i + 1);
            if (fraction == i + 1)
            {
                return -1;
            }

            i = fraction;
        }

        if (i < line.Length && line[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < line.Length && line[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var exponent = Digits(line, i);
            if (exponent == i)
            {
                return -1;
            }

            i = exponent;
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && char.IsAsciiDigit((char)line[i]))
        {
            i++;
        }

        return i;
    }

    private static bool HasNameBreakingCharacter(ReadOnlySpan<byte> utf8)
    {
        // Printable ASCII throughout (nearly every name): nothing to look at byte by byte.
        if (!utf8.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            return false;
        }

        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (b < 0x20 || b == 0x7F)
            {
                return true;
            }

            // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (E2 80 A8/A9), U+0085 NEXT LINE (C2 85).
            if ((b == 0xE2 && i + 2 < utf8.Length && utf8[i + 1] == 0x80 && utf8[i + 2] is 0xA8 or 0xA9)
                || (b == 0xC2 && i + 1 < utf8.Length && utf8[i + 1] == 0x85))
            {
                return true;
            }
        }

        return false;
    }
}
