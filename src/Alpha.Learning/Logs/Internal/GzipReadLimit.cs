using System.Globalization;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// Caps what one gzip file may decompress to (bytes and lines): a small file of newlines or zeros can expand a
/// thousandfold, so the read stops at a cap and reports the rest of the file as <c>unreadable_data</c>. At the end it
/// checks the gzip trailer's length (ISIZE, the last 4 bytes of the file) against the bytes decompressed: .NET's
/// <see cref="System.IO.Compression.GZipStream"/> ends a stream cut short silently, which would lose its tail unseen.
/// (A file of several concatenated gzip members is read whole, then reported as well: its trailer counts only the last.)
/// </summary>
internal sealed class GzipReadLimit(Stream inner, FileStream raw, long maxBytes, long maxLines) : Stream
{
    private const string CapKey = "Alpha.Learning.GzipCap";

    private long _bytes;
    private bool _ended;
    private long _lines;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _bytes;
        set => throw new NotSupportedException();
    }

    /// <summary>The message of a read that stopped on corrupt data, truncated data, or a cap.</summary>
    public static string Describe(InvalidDataException exception) =>
        exception.Data.Contains(CapKey) ? exception.Message : "The compressed data is corrupt or truncated; the rest of the file was not read.";

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (read == 0 && !buffer.IsEmpty && !_ended)
        {
            _ended = true;
            CheckTrailer();
        }

        _bytes += read;
        _lines += buffer[..read].Count((byte)'\n');
        if (_bytes > maxBytes)
        {
            throw Cap(string.Create(CultureInfo.InvariantCulture,
                $"The file decompresses to more than {maxBytes} bytes (JsonLinesLogSourceOptions.MaxDecompressedBytes, AlphaLearning:Logs:MaxDecompressedBytes); the rest of the file was not read."));
        }

        if (_lines > maxLines)
        {
            throw Cap(string.Create(CultureInfo.InvariantCulture,
                $"The file decompresses to more than {maxLines} lines (JsonLinesLogSourceOptions.MaxDecompressedLines, AlphaLearning:Logs:MaxDecompressedLines); the rest of the file was not read."));
        }

        return read;
    }

    private void CheckTrailer()
    {
        Span<byte> size = stackalloc byte[4];
        var length = raw.Length;
        if (length < 18 || RandomAccess.Read(raw.SafeFileHandle, size, length - 4) != 4
            || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size) != unchecked((uint)_bytes))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The compressed data ends early: {_bytes} bytes decompressed, which its gzip trailer does not confirm (truncated)."));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

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

    /// <summary>A cap was reached: the data is fine, there is just too much of it (marked so the message is shown as is).</summary>
    private static InvalidDataException Cap(string message)
    {
        var exception = new InvalidDataException(message);
        exception.Data[CapKey] = true;
        return exception;
    }
}
