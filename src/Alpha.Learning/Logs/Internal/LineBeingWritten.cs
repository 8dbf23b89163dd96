using System.Text.Json;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// The last line of a log file an agent is still writing: unterminated, cut inside a JSON object, in a file written
/// moments ago. Reading it now would count it as <c>invalid_json</c>; it is left out, and the next read gets it whole.
/// A complete last line without a newline, or one that is invalid JSON, is read as usual.
/// </summary>
internal static class LineBeingWritten
{
    /// <summary>The stream, limited to end before the line being written when there is one.</summary>
    public static Stream Exclude(FileStream stream, string file, int maxLineBytes, TimeSpan grace)
    {
        try
        {
            var length = stream.Length;
            if (length == 0 || TimeProvider.System.GetUtcNow() - new DateTimeOffset(File.GetLastWriteTimeUtc(file)) > grace)
            {
                return stream;
            }

            var tail = new byte[(int)Math.Min(length, Math.Max(maxLineBytes, 64) + 1L)];
            var read = RandomAccess.Read(stream.SafeFileHandle, tail, length - tail.Length);
            var span = tail.AsSpan(0, read);
            if (span.IsEmpty || span[^1] == (byte)'\n')
            {
                return stream;
            }

            var newline = span.LastIndexOf((byte)'\n');
            if (newline < 0 && tail.Length < length)
            {
                return stream; // Longer than a line may be: reported as too long.
            }

            var last = span[(newline + 1)..];
            return IsCutObject(last) ? new PrefixStream(stream, length - last.Length) : stream;
        }
        catch (IOException)
        {
            return stream; // The read itself reports it.
        }
    }

    /// <summary>Whether the text is a JSON object cut short: valid so far, but open.</summary>
    private static bool IsCutObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
            }

            return reader.CurrentDepth > 0 || reader.TokenType != JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The first bytes of a file stream, read forward only.</summary>
    private sealed class PrefixStream(FileStream inner, long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var left = length - inner.Position;
            return left <= 0 ? 0 : inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
