namespace Alpha.Learning.Analysis;

/// <summary>
/// Settings of an <see cref="ErrorTemplateMiner"/>. The defaults need no per-source tuning.
/// </summary>
public sealed class ErrorTemplateMinerOptions
{
    /// <summary>
    /// Gets or sets the share of a template's constant tokens a message must match to join it (Drain's similarity
    /// threshold), from 0 to 1. The default value is 0.5.
    /// </summary>
    public double SimilarityThreshold { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the depth of the parse tree, counting the root and the token-count layer (as in Drain): the first
    /// <c>TreeDepth - 2</c> tokens route a message. The default value is 4.
    /// </summary>
    public int TreeDepth { get; set; } = 4;

    /// <summary>Gets or sets the most children of one tree node; further tokens share a wildcard child. The default value is 100.</summary>
    public int MaxChildren { get; set; } = 100;

    /// <summary>
    /// Gets or sets the most templates kept; past it the least recently used template is evicted (its id is never
    /// reused). The default value is 1000.
    /// </summary>
    public int MaxTemplates { get; set; } = 1000;

    /// <summary>Gets or sets the longest message considered, in characters; the rest is ignored. The default value is 2000.</summary>
    public int MaxMessageLength { get; set; } = 2000;

    /// <summary>Gets or sets the most tokens of a message considered; the rest become one wildcard. The default value is 64.</summary>
    public int MaxTokens { get; set; } = 64;

    internal void Validate()
    {
        if (!(SimilarityThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SimilarityThreshold), SimilarityThreshold, "SimilarityThreshold must be between 0 and 1.");
        }

        if (TreeDepth is < 3 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(TreeDepth), TreeDepth, "TreeDepth must be between 3 and 16.");
        }

        if (MaxChildren < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxChildren), MaxChildren, "MaxChildren must be at least 1.");
        }

        if (MaxTemplates < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTemplates), MaxTemplates, "MaxTemplates must be at least 1.");
        }

        if (MaxMessageLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageLength), MaxMessageLength, "MaxMessageLength must be at least 1.");
        }

        if (MaxTokens < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "MaxTokens must be at least 2.");
        }
    }
}
