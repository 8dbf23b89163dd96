using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Analysis;

/// <summary>
/// Groups free-text error messages into templates the way Drain does: variable parts are masked first (numbers and
/// anything holding a digit, hex, GUIDs, IP addresses and ports, URLs, paths, quoted values, e-mail addresses,
/// <c>key=value</c> values), then a message is routed by its token count and first tokens through a fixed-depth tree
/// and joins the most similar template of its leaf when enough constant tokens match; differing tokens become
/// <c>&lt;*&gt;</c>. Memory is bounded by <see cref="ErrorTemplateMinerOptions.MaxTemplates"/> with least-recently-used eviction.
/// </summary>
/// <remarks>Not thread-safe: use one instance per thread or analysis.</remarks>
public sealed class ErrorTemplateMiner
{
    internal const string Wildcard = "<*>";

    /// <summary>
    /// The members after which a template's constant tokens no longer turn into wildcards: a token that so many
    /// messages shared names the event, so a message that differs there starts a template of its own.
    /// </summary>
    internal const int FreezeAfter = 64;

    private readonly ErrorTemplateMinerOptions _options;
    private readonly int _prefixTokens;
    private readonly Dictionary<int, Node> _byLength = [];
    private readonly LinkedList<ErrorTemplate> _lru = new();
    private readonly TokenBuffer _tokens = new();
    private int _nextId = 1;

    /// <summary>Initializes a new instance of the <see cref="ErrorTemplateMiner"/> class.</summary>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    public ErrorTemplateMiner(ErrorTemplateMinerOptions? options = null)
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
        var tokens = _tokens;
        ErrorMasker.Tokenize(message, _options.MaxMessageLength, _options.MaxTokens, tokens);
        var leaf = FindLeaf(tokens);
        var best = FindBest(leaf.Templates!, tokens);
        if (best is not null)
        {
            var changed = false;
            var templateTokens = best.Tokens;
            var isParameter = best.IsParameter;
            for (var i = 0; i < templateTokens.Length; i++)
            {
                if (!isParameter[i] && !templateTokens[i].AsSpan().SequenceEqual(tokens[i]))
                {
                    templateTokens[i] = Wildcard;
                    isParameter[i] = true;
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

        var created = new ErrorTemplate(_nextId++, tokens.ToArray()) { Count = 1, Leaf = leaf };
        created.LruNode = _lru.AddFirst(created);
        leaf.Templates!.Add(created);
        return created;
    }

    private ErrorTemplate? FindBest(List<ErrorTemplate> candidates, TokenBuffer tokens)
    {
        ErrorTemplate? best = null;
        var bestSimilarity = -1.0;
        var bestParams = -1;
        foreach (var candidate in candidates)
        {
            var templateTokens = candidate.Tokens;
            var isParameter = candidate.IsParameter;
            var equal = 0;
            var parameters = 0;
            var wordsAtParameters = 0;
            for (var i = 0; i < templateTokens.Length; i++)
            {
                if (isParameter[i])
                {
                    parameters++;
                    if (!ErrorMasker.IsWildcardish(tokens[i]))
                    {
                        wordsAtParameters++;
                    }
                }
                else if (templateTokens[i].AsSpan().SequenceEqual(tokens[i]))
                {
                    equal++;
                }
            }

            var constants = templateTokens.Length - parameters;

            // A constant that every one of many members shared carries meaning: a message that differs there is
            // another event, not a new value of a parameter (the idea behind Brain's frequency rule).
            if (equal < constants && candidate.Count >= FreezeAfter)
            {
                continue;
            }

            // Constant tokens of the message where the template has a parameter count against it (as Drain's
            // successors do), so a template made of wildcards does not absorb messages with words of their own.
            var compared = constants + wordsAtParameters;
            var similarity = compared == 0 ? 1.0 : (double)equal / compared;
            if (similarity > bestSimilarity || (similarity == bestSimilarity && parameters > bestParams))
            {
                best = candidate;
                bestSimilarity = similarity;
                bestParams = parameters;
            }
        }

        return best is not null && bestSimilarity >= _options.SimilarityThreshold ? best : null;
    }

    private Node FindLeaf(TokenBuffer tokens)
    {
        if (!_byLength.TryGetValue(tokens.Count, out var node))
        {
            node = new Node(null, tokens.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _byLength[tokens.Count] = node;
        }

        // The last token never routes, so messages differing only there meet in one leaf and can merge.
        var depth = Math.Min(_prefixTokens, tokens.Count - 1);
        for (var i = 0; i < depth; i++)
        {
            var token = tokens[i];
            var wildcard = ErrorMasker.IsWildcardish(token);
            var key = wildcard ? Wildcard.AsSpan() : token;
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var child))
            {
                string keyText;
                if (node.Children.Count >= _options.MaxChildren && !wildcard)
                {
                    keyText = Wildcard;
                    if (node.Children.TryGetValue(keyText, out child))
                    {
                        node = child;
                        continue;
                    }
                }
                else
                {
                    keyText = wildcard ? Wildcard : key.ToString();
                }

                child = new Node(node, keyText);
                node.Children[keyText] = child;
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
