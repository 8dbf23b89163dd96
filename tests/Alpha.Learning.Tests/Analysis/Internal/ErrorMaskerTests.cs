using System.Text;
using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class ErrorMaskerTests
{
    private static readonly string[] Pieces =
    [
        " ", "  ", "\t", "\n", "'", "\"", "`", "(", ")", "[", "]", "{", "}", "<", ">", "<*>", "=", ":", ",", ".", ";", "!", "?", "/", "\\", "@",
        "://", "www.", "0x", "42", "404", "503", "7", "abc", "deadbeef", "DEADBEEFCAFE", "HTTP", "status", "code:", "status_code=", "error",
        "key=value", "a.b", "x@y.z", "é", "\u2028", "ERR_", "-", "_", "#",
    ];

    [Fact]
    public void Tokenize_Corpus_SameTokensAsStringTokenizer()
    {
        foreach (var (message, _) in AgentErrorCorpus.Generate(3000, seed: 7))
        {
            AssertSameTokens(message, 2000, 64);
        }
    }

    [Theory]
    [InlineData(2000, 64)]
    [InlineData(40, 5)]
    [InlineData(7, 2)]
    public void Tokenize_RandomText_SameTokensAsStringTokenizer(int maxLength, int maxTokens)
    {
        var random = new Random(maxLength * 31 + maxTokens);
        var builder = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            builder.Clear();
            var parts = random.Next(0, 16);
            for (var p = 0; p < parts; p++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            AssertSameTokens(builder.ToString(), maxLength, maxTokens);
        }
    }

    [Fact]
    public void Tokenize_Wildcards_AreTheInternedInstance()
    {
        var tokens = ErrorMasker.Tokenize("id 42 at /tmp/x '<*>' <*>", 2000, 64);

        tokens.Where(t => t == ErrorTemplateMiner.Wildcard).Should().OnlyContain(t => ReferenceEquals(t, ErrorTemplateMiner.Wildcard)).And.HaveCount(4);
    }

    private static void AssertSameTokens(string message, int maxLength, int maxTokens)
    {
        var expected = ReferenceErrorMasker.Tokenize(message, maxLength, maxTokens);
        var actual = ErrorMasker.Tokenize(message, maxLength, maxTokens);
        actual.Should().Equal(expected, "message {0}", message);
        for (var i = 0; i < actual.Length; i++)
        {
            ReferenceEquals(actual[i], ErrorTemplateMiner.Wildcard).Should().Be(ReferenceEquals(expected[i], ErrorTemplateMiner.Wildcard), "token {0} of {1}", i, message);
        }
    }
}

public sealed class ErrorTemplateMinerEquivalenceTests
{
    [Theory]
    [InlineData(100, 1000, 4)]
    [InlineData(2, 1000, 4)]
    [InlineData(3, 20, 5)]
    [InlineData(100, 5, 3)]
    public void Add_Corpus_SameTemplatesAsStringTokenMiner(int maxChildren, int maxTemplates, int treeDepth)
    {
        var options = new ErrorTemplateMinerOptions { MaxChildren = maxChildren, MaxTemplates = maxTemplates, TreeDepth = treeDepth };
        var miner = new ErrorTemplateMiner(options);
        var reference = new ReferenceErrorTemplateMiner(options);
        var random = new Random(maxChildren + maxTemplates + treeDepth);
        var messages = AgentErrorCorpus.Generate(4000, seed: 11).Select(m => m.Message).ToList();
        messages.AddRange(["", "   ", "<*>", "<*> <*>", "x <*>", "'a' 'b'", "HTTP 404", "status: 503 x"]);
        for (var i = 0; i < 6000; i++)
        {
            var message = messages[random.Next(messages.Count)];
            var actual = miner.Add(message);
            var expected = reference.Add(message);
            actual.Id.Should().Be(expected.Id, "message {0}", message);
            actual.Text.Should().Be(expected.Text);
            actual.Count.Should().Be(expected.Count);
        }

        miner.Templates.Select(t => (t.Id, t.Text, t.Count)).Should().Equal(reference.Templates.Select(t => (t.Id, t.Text, t.Count)));
        miner.Evicted.Should().Be(reference.Evicted);
    }
}

/// <summary>The string-token masker before the token buffer: the behaviour to keep.</summary>
internal static class ReferenceErrorMasker
{
    private const string Wildcard = Alpha.Learning.Analysis.ErrorTemplateMiner.Wildcard;
    private const int MaxQuotedLength = 512;

    public static string[] Tokenize(string message, int maxLength, int maxTokens)
    {
        var text = message.Length > maxLength ? message[..maxLength] : message;
        text = MaskQuoted(text);
        var tokens = new List<string>(16);
        string? previous = null;
        foreach (var range in text.AsSpan().SplitAny(" \t\r\n\f\v"))
        {
            var raw = text.AsSpan(range);
            if (raw.IsEmpty)
            {
                continue;
            }

            if (tokens.Count == maxTokens - 1)
            {
                tokens.Add(Wildcard);
                break;
            }

            var token = MaskToken(raw, previous);
            tokens.Add(token);
            previous = token;
        }

        if (tokens.Count == 0)
        {
            tokens.Add(string.Empty);
        }

        return [.. tokens];
    }

    /// <summary>Replaces quoted values ('…', "…", `…`) that start a token with a wildcard.</summary>
    private static string MaskQuoted(string text)
    {
        if (text.AsSpan().IndexOfAny("'\"`") < 0)
        {
            return text;
        }

        StringBuilder? builder = null;
        var copiedUpTo = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('\'' or '"' or '`'))
            {
                continue;
            }

            var startsToken = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[' or '{' or '=' or ':' or ',' or '<';
            if (!startsToken)
            {
                continue;
            }

            var limit = Math.Min(text.Length, i + 1 + MaxQuotedLength);
            var close = -1;
            for (var j = i + 1; j < limit; j++)
            {
                if (text[j] == c)
                {
                    var endsToken = j + 1 == text.Length || char.IsWhiteSpace(text[j + 1]) || char.IsPunctuation(text[j + 1]) || char.IsSymbol(text[j + 1]);
                    if (endsToken)
                    {
                        close = j;
                        break;
                    }
                }
            }

            if (close < 0)
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copiedUpTo, i - copiedUpTo).Append(Wildcard);
            copiedUpTo = close + 1;
            i = close;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return builder.ToString();
    }

    private static string MaskToken(ReadOnlySpan<char> raw, string? previous)
    {
        if (raw.SequenceEqual(Wildcard))
        {
            return Wildcard;
        }

        // Split off leading and trailing punctuation; mask the core.
        var start = 0;
        while (start < raw.Length && raw[start] is '(' or '[' or '{' or '<' or '"' or '\'' or '`')
        {
            start++;
        }

        var end = raw.Length;
        while (end > start && raw[end - 1] is ')' or ']' or '}' or '>' or ',' or ';' or ':' or '.' or '!' or '?' or '"' or '\'' or '`')
        {
            end--;
        }

        var core = raw[start..end];
        if (core.IsEmpty || core.SequenceEqual(Wildcard))
        {
            return raw.ToString();
        }

        if (core.IndexOf(Wildcard.AsSpan()) >= 0)
        {
            // A token holding a masked quote and more variable text (for example {<*>:5}) is variable as a whole.
            return core.IndexOfAnyInRange('0', '9') >= 0 ? Wildcard : raw.ToString();
        }

        if (!IsVariable(core, previous, out var keepPrefix))
        {
            return raw.ToString();
        }

        if (start == 0 && end == raw.Length && keepPrefix == 0)
        {
            return Wildcard;
        }

        return string.Concat(raw[..(start + keepPrefix)], Wildcard, raw[end..]);
    }

    /// <summary>Whether the core of a token is variable; <paramref name="keepPrefix"/> is the length of a <c>key=</c> to keep.</summary>
    private static bool IsVariable(ReadOnlySpan<char> core, string? previous, out int keepPrefix)
    {
        keepPrefix = 0;

        // URLs, e-mail addresses, paths.
        if (core.IndexOf("://".AsSpan()) >= 0 || core.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var at = core.IndexOf('@');
        if (at > 0 && core[(at + 1)..].IndexOf('.') > 0)
        {
            return true;
        }

        if (core.Length > 1 && core.IndexOfAny('/', '\\') >= 0)
        {
            return true;
        }

        // key=value keeps the key.
        var equals = core.IndexOf('=');
        if (equals > 0 && equals < core.Length - 1)
        {
            keepPrefix = equals + 1;
            return true;
        }

        // Dotted names inside a token (host names, file names, module paths) are variable.
        var dot = core.IndexOf('.');
        if (dot > 0 && dot < core.Length - 1 && char.IsAsciiLetterOrDigit(core[dot - 1]) && char.IsAsciiLetterOrDigit(core[dot + 1]))
        {
            return true;
        }

        var hasDigit = false;
        var allHex = true;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (!char.IsAsciiHexDigit(c))
            {
                allHex = false;
            }
        }

        if (hasDigit)
        {
            // Keep HTTP status codes after "HTTP", "status" or "code": they name the problem.
            return !IsStatusCode(core, previous);
        }

        // Long hex runs without digits (rare, but hashes can be) are ids too.
        return allHex && core.Length >= 8;
    }

    private static bool IsStatusCode(ReadOnlySpan<char> core, string? previous)
    {
        if (core.Length != 3 || core[0] is not ('4' or '5') || !char.IsAsciiDigit(core[1]) || !char.IsAsciiDigit(core[2]) || previous is null)
        {
            return false;
        }

        var word = previous.AsSpan().TrimEnd(":=".AsSpan());
        return word.Equals("http", StringComparison.OrdinalIgnoreCase)
            || word.Equals("status", StringComparison.OrdinalIgnoreCase)
            || word.Equals("code", StringComparison.OrdinalIgnoreCase)
            || word.Equals("status_code", StringComparison.OrdinalIgnoreCase)
            || word.Equals("error", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The string-token miner before the token buffer: the behaviour to keep.</summary>
internal sealed class ReferenceErrorTemplateMiner
{
    internal const string Wildcard = "<*>";

    private readonly ErrorTemplateMinerOptions _options;
    private readonly int _prefixTokens;
    private readonly Dictionary<int, Node> _byLength = [];
    private readonly LinkedList<ErrorTemplate> _lru = new();
    private int _nextId = 1;

    
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    public ReferenceErrorTemplateMiner(ErrorTemplateMinerOptions? options = null)
    {
        var source = options ?? new ErrorTemplateMinerOptions();
        source.Validate();

        // Copy, so later changes to the caller's instance do not affect a running miner.
        _options = new ErrorTemplateMinerOptions
        {
            SimilarityThreshold = source.SimilarityThreshold,
            TreeDepth = source.TreeDepth,
            MaxChildren = source.MaxChildren,
            MaxTemplates = source.MaxTemplates,
            MaxMessageLength = source.MaxMessageLength,
            MaxTokens = source.MaxTokens,
        };
        _prefixTokens = _options.TreeDepth - 2;
    }

    /// <summary>Gets the templates currently kept, by id.</summary>
    public IReadOnlyCollection<ErrorTemplate> Templates
    {
        get
        {
            var result = new ErrorTemplate[_lru.Count];
            _lru.CopyTo(result, 0);
            Array.Sort(result, static (a, b) => a.Id.CompareTo(b.Id));
            return result;
        }
    }

    /// <summary>Gets the number of templates currently kept.</summary>
    public int Count => _lru.Count;

    /// <summary>Gets the number of templates evicted so far to keep within <see cref="ErrorTemplateMinerOptions.MaxTemplates"/>.</summary>
    public long Evicted { get; private set; }

    internal Action<ErrorTemplate>? OnEvicted { get; set; }

    /// <summary>Adds a message and returns the template it now belongs to.</summary>
    /// <param name="message">The message (untrusted text; an empty message forms its own template).</param>
    /// <returns>The template, with <see cref="ErrorTemplate.Count"/> already including this message.</returns>
    public ErrorTemplate Add(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var tokens = ReferenceErrorMasker.Tokenize(message, _options.MaxMessageLength, _options.MaxTokens);
        var leaf = FindLeaf(tokens);
        var best = FindBest(leaf.Templates!, tokens);
        if (best is not null)
        {
            var changed = false;
            var templateTokens = best.Tokens;
            for (var i = 0; i < templateTokens.Length; i++)
            {
                if (!string.Equals(templateTokens[i], tokens[i], StringComparison.Ordinal) && !ReferenceEquals(templateTokens[i], Wildcard))
                {
                    templateTokens[i] = Wildcard;
                    changed = true;
                }
            }

            if (changed)
            {
                best.RefreshText();
            }

            best.Count++;
            _lru.Remove(best.LruNode!);
            _lru.AddFirst(best.LruNode!);
            return best;
        }

        if (_lru.Count >= _options.MaxTemplates)
        {
            Evict(_lru.Last!.Value);
        }

        var created = new ErrorTemplate(_nextId++, tokens) { Count = 1, Leaf = leaf };
        created.LruNode = _lru.AddFirst(created);
        leaf.Templates!.Add(created);
        return created;
    }

    private ErrorTemplate? FindBest(List<ErrorTemplate> candidates, string[] tokens)
    {
        ErrorTemplate? best = null;
        var bestSimilarity = -1.0;
        var bestParams = -1;
        foreach (var candidate in candidates)
        {
            var templateTokens = candidate.Tokens;
            var equal = 0;
            var parameters = 0;
            for (var i = 0; i < templateTokens.Length; i++)
            {
                if (ReferenceEquals(templateTokens[i], Wildcard))
                {
                    parameters++;
                }
                else if (string.Equals(templateTokens[i], tokens[i], StringComparison.Ordinal))
                {
                    equal++;
                }
            }

            var similarity = (double)equal / templateTokens.Length;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && parameters > bestParams))
            {
                best = candidate;
                bestSimilarity = similarity;
                bestParams = parameters;
            }
        }

        // A template made only of wildcards matches a message made only of wildcards of the same length.
        return best is not null && (bestSimilarity >= _options.SimilarityThreshold || bestParams == best.Tokens.Length) ? best : null;
    }

    private Node FindLeaf(string[] tokens)
    {
        if (!_byLength.TryGetValue(tokens.Length, out var node))
        {
            node = new Node(null, tokens.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _byLength[tokens.Length] = node;
        }

        var depth = Math.Min(_prefixTokens, tokens.Length);
        for (var i = 0; i < depth; i++)
        {
            var token = tokens[i];
            var key = token.Contains(Wildcard, StringComparison.Ordinal) ? Wildcard : token;
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.TryGetValue(key, out var child))
            {
                if (node.Children.Count >= _options.MaxChildren && !ReferenceEquals(key, Wildcard))
                {
                    key = Wildcard;
                    if (node.Children.TryGetValue(key, out child))
                    {
                        node = child;
                        continue;
                    }
                }

                child = new Node(node, key);
                node.Children[key] = child;
            }

            node = child;
        }

        node.Templates ??= [];
        return node;
    }

    private void Evict(ErrorTemplate template)
    {
        _lru.Remove(template.LruNode!);
        template.LruNode = null;
        var leaf = (Node)template.Leaf!;
        leaf.Templates!.Remove(template);
        template.Leaf = null;
        Evicted++;

        // Prune empty nodes so the tree stays as small as the templates it holds.
        var node = leaf;
        while (node is not null && node.Templates is not { Count: > 0 } && node.Children is not { Count: > 0 })
        {
            var parent = node.Parent;
            if (parent is null)
            {
                _byLength.Remove(int.Parse(node.Key, System.Globalization.CultureInfo.InvariantCulture));
                break;
            }

            parent.Children!.Remove(node.Key);
            node = parent;
        }

        OnEvicted?.Invoke(template);
    }

    private sealed class Node(Node? parent, string key)
    {
        public Node? Parent { get; } = parent;

        public string Key { get; } = key;

        public Dictionary<string, Node>? Children { get; set; }

        public List<ErrorTemplate>? Templates { get; set; }
    }
}
