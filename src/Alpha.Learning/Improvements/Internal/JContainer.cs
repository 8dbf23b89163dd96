namespace Alpha.Learning.Improvements.Internal;

/// <summary>
/// An object or an array. A container no planned path reaches may be parsed folded (<see cref="IsFolded"/>): its
/// span is known and its text was checked, but its children are built only when first asked for.
/// </summary>
internal abstract class JContainer : JNode
{
    private JsonSource? _folded;

    /// <summary>Gets a value indicating whether the children have not been built yet.</summary>
    public bool IsFolded => _folded is not null;

    /// <summary>Marks the container folded: its children are built from <paramref name="source"/> on first use.</summary>
    public void Fold(JsonSource source) => _folded = source;

    /// <summary>Builds the children of a folded container (once); the text was checked when it was parsed.</summary>
    protected void Unfold()
    {
        if (_folded is { } source)
        {
            _folded = null;
            JsonTreeBuilder.Unfold(source, this);
        }
    }
}
