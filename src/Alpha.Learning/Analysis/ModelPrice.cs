namespace Alpha.Learning.Analysis;

/// <summary>
/// The price of a language model, used to cost calls whose log has no <c>estimated_cost</c>.
/// </summary>
public sealed class ModelPrice
{
    /// <summary>Gets or sets the price of one million input (prompt) tokens, in US dollars. The default value is 0.</summary>
    public double InputPerMillion { get; set; }

    /// <summary>Gets or sets the price of one million output (completion) tokens, in US dollars. The default value is 0.</summary>
    public double OutputPerMillion { get; set; }

    /// <summary>Gets the cost of a call in US dollars.</summary>
    /// <param name="promptTokens">The input tokens.</param>
    /// <param name="completionTokens">The output tokens.</param>
    /// <returns>The cost.</returns>
    public double Cost(long promptTokens, long completionTokens) =>
        ((promptTokens * InputPerMillion) + (completionTokens * OutputPerMillion)) / 1_000_000d;

    internal double Blended => InputPerMillion + OutputPerMillion;
}
