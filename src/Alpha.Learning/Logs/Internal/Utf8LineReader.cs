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
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, maxLineBytes + 2));
    }

    /// <summary>Gets the number of bytes read from the underlying stream so far.</summary>
    public long BytesRead { get; private set; }

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
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxLineBytes + 2));
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

        BytesRead += read;
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
        tooLong = _skippingLongLine || content.Length > _maxLineBytes;
        _skippingLongLine = false;
        if (tooLong)
        {
            line = default;
            return true;
        }

        if (content.Length > 0 && content[^1] == (byte)'\r')
        {
            content = content[..^1];
        }

        if (_atFileStart)
        {
            _atFileStart = false;
            if (content.StartsWith("\uFEFF"u8))
            {
                content = content[3..];
            }
        }

        line = content;
        return true;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
