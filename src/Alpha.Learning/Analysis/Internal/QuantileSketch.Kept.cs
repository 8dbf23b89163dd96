using System.Runtime.InteropServices;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// Where the kept values of an exact sketch are: in its own array, or still in the buffer it was read from (see
/// <see cref="ReadFrom"/>), until the sketch first changes.
/// </summary>
internal sealed partial class QuantileSketch
{
    private byte[]? _source; // the buffer holding the kept values, when they were left in it
    private int _sourceOffset;

    /// <summary>Gets whether values can be read in place from a buffer: little-endian doubles, read unaligned.</summary>
    private static bool CanBorrow =>
        BitConverter.IsLittleEndian && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Gets the kept values, in the order they were added (exact form only).</summary>
    private ReadOnlySpan<double> Kept => _source is { } source
        ? MemoryMarshal.Cast<byte, double>(source.AsSpan(_sourceOffset, (int)Count * sizeof(double)))
        : _exact.AsSpan(0, (int)Count);

    /// <summary>Copies kept values still in a read buffer into an array of the sketch's own, before it changes.</summary>
    private void Own()
    {
        if (_source is null)
        {
            return;
        }

        var values = new double[Math.Max((int)Count, 8)];
        Kept.CopyTo(values);
        _exact = values;
        _source = null;
    }
}
