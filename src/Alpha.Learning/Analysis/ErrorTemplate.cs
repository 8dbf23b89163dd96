namespace Alpha.Learning.Analysis;

/// <summary>
/// A group of error messages that differ only in their variable parts, as found by <see cref="ErrorTemplateMiner"/>.
/// </summary>
/// <remarks>
/// An instance is a live view owned by its miner: <see cref="Text"/> may gain wildcards and <see cref="Count"/>
/// grows as more messages join. It is not thread-safe, like the miner.
/// </remarks>
public sealed class ErrorTemplate
{
    internal ErrorTemplate(int id, string[] tokens)
    {
        Id = id;
        Tokens = tokens;
        Text = string.Join(' ', tokens);
        IsParameter = new bool[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            IsParameter[i] = Internal.ErrorMasker.IsWildcardish(tokens[i]);
        }
    }

    /// <summary>Gets the stable id: assigned once, never reused by the same miner, never changed for the messages it holds.</summary>
    public int Id { get; }

    /// <summary>Gets the template text: the message tokens joined by single spaces, with <c>&lt;*&gt;</c> for every variable part.</summary>
    public string Text { get; private set; }

    /// <summary>Gets how many messages have joined the template.</summary>
    public long Count { get; internal set; }

    internal string[] Tokens { get; }

    /// <summary>Gets, per token, whether it is a parameter (a wildcard, maybe within punctuation such as <c>(&lt;*&gt;)</c>).</summary>
    internal bool[] IsParameter { get; }

    internal LinkedListNode<ErrorTemplate>? LruNode { get; set; }

    internal object? Leaf { get; set; }

    /// <summary>Gets or sets state a detector keeps with the template; it goes away when the template is evicted.</summary>
    internal object? State { get; set; }

    internal void RefreshText() => Text = string.Join(' ', Tokens);

    /// <inheritdoc />
    public override string ToString() => Text;
}
