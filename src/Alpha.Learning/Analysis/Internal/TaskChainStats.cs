namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// What <c>inefficient_tool_chain</c> knows of one task type: its runs and failures, and per consecutive tool pair
/// (a chain, as two tool ids: first in the high 32 bits) the failing and succeeding runs that used it. Mergeable (the
/// chain keys mapped into the merged tool table), so a fleet's merged evidence is decided by the same rule as one
/// analysis (<see cref="InefficientToolChainDetector.Patterns"/>).
/// </summary>
internal sealed class TaskChainStats
{
    /// <summary>The most chains kept per task type.</summary>
    public const int MaxChains = 512;

    public long Runs { get; set; }

    public long Failures { get; set; }

    public Occurrence Failed { get; } = new();

    /// <summary>Gets the runs per chain, by chain key (<c>(first tool id &lt;&lt; 32) | second tool id</c>).</summary>
    public Dictionary<long, ChainCounts> Chains { get; } = [];

    /// <summary>The chain key of two tool ids.</summary>
    public static long Chain(int first, int second) => ((long)first << 32) | (uint)second;

    /// <summary>Counts runs with a chain, within <see cref="MaxChains"/> chains.</summary>
    public void AddChain(long chain, long failing, long succeeding)
    {
        if (!Chains.TryGetValue(chain, out var counts))
        {
            if (Chains.Count >= MaxChains)
            {
                return;
            }

            counts = new ChainCounts();
            Chains.Add(chain, counts);
        }

        counts.Failing += failing;
        counts.Succeeding += succeeding;
    }

    /// <summary>Adds another part's runs of the same task type; its tool ids are mapped into this one's table by <paramref name="toolId"/>.</summary>
    public void Merge(TaskChainStats other, Func<int, int> toolId)
    {
        Runs += other.Runs;
        Failures += other.Failures;
        Failed.Merge(other.Failed);
        foreach (var (chain, counts) in other.Chains)
        {
            AddChain(Chain(toolId((int)(chain >> 32)), toolId((int)(chain & 0xFFFFFFFF))), counts.Failing, counts.Succeeding);
        }
    }

    /// <summary>The failing and succeeding runs that used one chain.</summary>
    internal sealed class ChainCounts
    {
        public long Failing { get; set; }

        public long Succeeding { get; set; }
    }
}
