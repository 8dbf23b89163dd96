using System.Buffers;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Frames a UTF-8 stream into lines over one pooled buffer, never holding more than one line plus one read.
/// A line longer than the limit is skipped up to its end and reported as too long.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private const int InitialBufferSize = 128 * 1024;
    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skippingLongLine;
    private bool _atFileStart = true;

    public Utf8LineReader(Stream stream, int maxLineBytes)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferFor(InitialBufferSize));
    }

    /// <summary>Reads more bytes, blocking; returns false at the end of the stream once every buffered line has been taken.</summary>
    public bool Fill()
    {
        if (_eof)
        {
            return _start < _end;
        }

        MakeRoom();
        return Filled(_stream.Read(_buffer.AsSpan(_end)));
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            // One line fills the buffer: grow up to the limit, or drop what is held and skip the rest of the line.
            if (_buffer.Length <= _maxLineBytes)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(BufferFor(_buffer.Length * 2L));
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            else
            {
                _skippingLongLine = true;
                _end = 0;
            }
        }
    }

    private bool Filled(int read)
    {
        if (read == 0)
        {
            _eof = true;
            return _start < _end;
        }

        _end += read;
        return true;
    }

    /// <summary>Takes the next complete line from the buffer (without its line ending).</summary>
    /// <param name="line">The line's bytes, valid until the next call.</param>
    /// <param name="tooLong">Whether the line was longer than the limit (and <paramref name="line"/> is empty).</param>
    /// <returns>False when no complete line is buffered: call <see cref="Fill"/>.</returns>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        var newline = available.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (_eof && available.IsEmpty && _skippingLongLine)
            {
                // The last line was too long, had no line ending, and what was held of it has been dropped.
                _skippingLongLine = false;
                _atFileStart = false;
                line = default;
                tooLong = true;
                return true;
            }

            if (!_eof || available.IsEmpty)
            {
                line = default;
                tooLong = false;
                return false;
            }

            newline = available.Length; // The last line has no line ending.
        }

        var content = available[..newline];
        _start += Math.Min(newline + 1, available.Length);
        if (content.Length > 0 && content[^1] == (byte)'\r')
        {
            content = content[..^1];
        }

        // The limit is on the line itself: a CRLF ending counts no more than an LF one.
        tooLong = _skippingLongLine || content.Length > _maxLineBytes;
        _skippingLongLine = false;
        var first = _atFileStart;
        _atFileStart = false;
        if (tooLong)
        {
            line = default;
            return true;
        }

        if (first)
        {
            if (content.StartsWith("\uFEFF"u8))
            {
                content = content[3..];
            }
        }

        line = content;
        return true;
    }

    /// <summary>A buffer size: room for a line of the limit and its CRLF, and no more than an array may hold.</summary>
    private int BufferFor(long wanted) => (int)Math.Min(Math.Min(wanted, _maxLineBytes + 2L), Array.MaxLength);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
