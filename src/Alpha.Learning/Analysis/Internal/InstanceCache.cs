using System.Runtime.CompilerServices;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// A small direct-mapped cache from string instances to per-name state, in front of a name-keyed dictionary: the log
/// readers hand out one string instance per repeated name (task, tool, model, error type), so a hit costs an identity
/// hash and a reference comparison instead of hashing and comparing the characters. A miss (another instance of the
/// same name, or a collision) falls back to the dictionary and takes the slot. Bounded: a fixed number of slots.
/// </summary>
/// <typeparam name="T">The per-name state.</typeparam>
internal sealed class InstanceCache<T>
    where T : class
{
    private const int Slots = 64;
    private readonly string?[] _names = new string?[Slots];
    private readonly T?[] _values = new T?[Slots];

    /// <summary>Returns the state cached for this very instance, or <see langword="null"/>.</summary>
    public T? Get(string name)
    {
        var slot = RuntimeHelpers.GetHashCode(name) & (Slots - 1);
        return ReferenceEquals(_names[slot], name) ? _values[slot] : null;
    }

    /// <summary>Caches <paramref name="value"/> for this instance of <paramref name="name"/>.</summary>
    public void Set(string name, T value)
    {
        var slot = RuntimeHelpers.GetHashCode(name) & (Slots - 1);
        _names[slot] = name;
        _values[slot] = value;
    }
}
