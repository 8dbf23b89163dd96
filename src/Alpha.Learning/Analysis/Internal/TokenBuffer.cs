namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The tokens of one message as slices of a reused character buffer, so matching a message against the templates
/// allocates nothing; strings are made only for a new template (<see cref="ToArray"/>). Grows to the longest
/// message seen (bounded by <see cref="ErrorTemplateMinerOptions.MaxMessageLength"/> and
/// <see cref="ErrorTemplateMinerOptions.MaxTokens"/>). Not thread-safe.
/// </summary>
internal sealed class TokenBuffer
{
    private char[] _chars = new char[256];
    private int _length;
    private Range[] _tokens = new Range[16];
    private char[] _masked = [];
    private int _maskedLength;

    public int Count { get; private set; }

    /// <summary>Gets the text of token <paramref name="index"/> (valid until the buffer changes).</summary>
    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_tokens[index]);

    /// <summary>Gets the text with quoted values masked, after <see cref="BeginMasked"/> and <see cref="AppendMasked"/>.</summary>
    public ReadOnlySpan<char> Masked => _masked.AsSpan(0, _maskedLength);

    /// <summary>Whether token <paramref name="index"/> is a wildcard.</summary>
    public bool IsWildcard(int index) => this[index].SequenceEqual(ErrorTemplateMiner.Wildcard);

    /// <summary>Removes the last token (its characters are reused by the next one).</summary>
    public void RemoveLast()
    {
        Count--;
        _length = _tokens[Count].Start.Value;
    }

    public void Clear()
    {
        _length = 0;
        Count = 0;
        _maskedLength = 0;
    }

    /// <summary>Replaces the tokens with a copy of <paramref name="source"/>'s (not its masked text, which is scratch space).</summary>
    public void CopyFrom(TokenBuffer source)
    {
        if (_chars.Length < source._length)
        {
            _chars = new char[Math.Max(source._length, _chars.Length * 2)];
        }

        if (_tokens.Length < source.Count)
        {
            _tokens = new Range[Math.Max(source.Count, _tokens.Length * 2)];
        }

        source._chars.AsSpan(0, source._length).CopyTo(_chars);
        source._tokens.AsSpan(0, source.Count).CopyTo(_tokens);
        _length = source._length;
        Count = source.Count;
        _maskedLength = 0;
    }

    public void Add(ReadOnlySpan<char> text) => Add(text, default, default);

    public void Add(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third)
    {
        var length = first.Length + second.Length + third.Length;
        if (_length + length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + length));
        }

        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        var start = _length;
        first.CopyTo(_chars.AsSpan(_length));
        _length += first.Length;
        second.CopyTo(_chars.AsSpan(_length));
        _length += second.Length;
        third.CopyTo(_chars.AsSpan(_length));
        _length += third.Length;
        _tokens[Count++] = new Range(start, _length);
    }

    public void BeginMasked(int capacityHint)
    {
        _maskedLength = 0;
        if (_masked.Length < capacityHint)
        {
            _masked = new char[Math.Max(capacityHint, 2 * _masked.Length)];
        }
    }

    public void AppendMasked(ReadOnlySpan<char> text)
    {
        if (_maskedLength + text.Length > _masked.Length)
        {
            Array.Resize(ref _masked, Math.Max(_masked.Length * 2, _maskedLength + text.Length));
        }

        text.CopyTo(_masked.AsSpan(_maskedLength));
        _maskedLength += text.Length;
    }

    /// <summary>Returns the tokens as strings; every wildcard is the interned <see cref="ErrorTemplateMiner.Wildcard"/>.</summary>
    public string[] ToArray()
    {
        var result = new string[Count];
        for (var i = 0; i < result.Length; i++)
        {
            var token = this[i];
            result[i] = token.IsEmpty ? string.Empty : token.SequenceEqual(ErrorTemplateMiner.Wildcard) ? ErrorTemplateMiner.Wildcard : token.ToString();
        }

        return result;
    }
}
