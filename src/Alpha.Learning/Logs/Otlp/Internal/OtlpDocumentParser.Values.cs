using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Json;

namespace Alpha.Learning.Logs.Otlp.Internal;

/// <summary>
/// The scalar encodings of OTLP JSON that <see cref="OtlpDocumentParser"/> accepts: 64-bit integers as numbers or
/// decimal strings, numbers as numbers or strings, trace and span ids in hex or base64.
/// </summary>
internal sealed partial class OtlpDocumentParser
{
    /// <summary>A 64-bit unsigned integer written as a JSON number or a decimal string (OTLP JSON writes it as a string).</summary>
    private static bool TryUInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        ulong parsed;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetUInt64(out parsed))
            {
                return false;
            }
        }
        else if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                 || !Utf8Parser.TryParse(reader.ValueSpan, out parsed, out var consumed) || consumed != reader.ValueSpan.Length)
        {
            return false;
        }

        if (parsed > long.MaxValue)
        {
            return false;
        }

        value = (long)parsed;
        return true;
    }

    private static bool TryNumber(ref Utf8JsonReader reader, out double value)
    {
        value = double.NaN;
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out value) && double.IsFinite(value);
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
        {
            var text = reader.ValueSpan;
            var format = text.IndexOfAny((byte)'e', (byte)'E') >= 0 ? 'e' : default;
            return Utf8Parser.TryParse(text, out value, out var consumed, format) && consumed == text.Length && double.IsFinite(value);
        }

        return false;
    }

    /// <summary>An id of <paramref name="bytes"/> bytes (16 for a trace, 8 for a span), in hex or (as some encoders write it) base64.</summary>
    private static bool TryId(ref Utf8JsonReader reader, int bytes, out ulong hi, out ulong lo)
    {
        hi = lo = 0;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = reader.ValueSpan;
        Span<byte> id = stackalloc byte[16];
        var target = id[..bytes];
        if (text.Length == bytes * 2 && TryHex(text, target))
        {
            // Hex.
        }
        else if (Base64.DecodeFromUtf8(text, target, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length || written != bytes)
        {
            return false;
        }

        if (bytes == 16)
        {
            hi = BinaryPrimitives.ReadUInt64BigEndian(id);
            lo = BinaryPrimitives.ReadUInt64BigEndian(id[8..]);
        }
        else
        {
            lo = BinaryPrimitives.ReadUInt64BigEndian(id);
        }

        return true;
    }

    private static bool TryHex(ReadOnlySpan<byte> text, Span<byte> target)
    {
        for (var i = 0; i < target.Length; i++)
        {
            var high = HexDigit(text[2 * i]);
            var low = HexDigit(text[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            target[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
