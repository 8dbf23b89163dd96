using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// A small direct-mapped cache from UTF-8 bytes to string instances, so the names that repeat in logs
/// (task, tool, model, provider, error type, unknown event names) are not allocated per event.
/// Bounded: a fixed number of slots, each replaced on a collision. Not thread-safe: one per reader.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxCachedBytes = 256;
    private readonly Entry[] _entries;
    private readonly int _mask;

    public Utf8StringCache(int slots = 4096)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "The slot count must be a positive power of two.");
        }

        _entries = new Entry[slots];
        _mask = slots - 1;
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxCachedBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var entry = ref _entries[(int)(Hash(utf8) & (uint)_mask)];
        if (entry.Key is { } key && utf8.SequenceEqual(key))
        {
            return entry.Value!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        entry = new Entry(utf8.ToArray(), value);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        // Eight bytes a step, multiply and fold: names are short, ids differ in their last bytes, and the hash only
        // picks a slot (a collision costs one more allocation, never a wrong string).
        ulong hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        var rest = bytes;
        while (rest.Length >= 8)
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(rest)) * 0xFF51AFD7ED558CCDUL;
            hash ^= hash >> 29;
            rest = rest[8..];
        }

        if (!rest.IsEmpty)
        {
            ulong tail = 0;
            for (var i = 0; i < rest.Length; i++)
            {
                tail |= (ulong)rest[i] << (i * 8);
            }

            hash = (hash ^ tail) * 0xC4CEB9FE1A85EC53UL;
        }

        return (uint)(hash ^ (hash >> 32));
    }

    private readonly record struct Entry(byte[]? Key, string? Value);
}
