namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// Decodes the instances' aggregates for the leader's merge, on every core when they are large (each aggregate decodes
/// on its own: a fleet of 8 instances with 10,000 subjects each brings 90 MB), in their order either way; or each as
/// soon as the store has read it (<see cref="DecodeAsync"/>), while the next is still arriving.
/// </summary>
internal static class FleetAggregateDecoder
{
    // Below this many bytes in all, one thread decodes them: starting the others costs more than it saves.
    private const long ParallelThreshold = 1 << 20;

    /// <summary>Returns, for each aggregate in order, its evidence or why it cannot be read (naming the instance).</summary>
    public static (FleetEvidence? Evidence, InvalidDataException? Error)[] Decode(IReadOnlyList<FleetAggregate> aggregates)
    {
        var results = new (FleetEvidence? Evidence, InvalidDataException? Error)[aggregates.Count];
        long bytes = 0;
        foreach (var aggregate in aggregates)
        {
            bytes += aggregate.Data.Length;
        }

        if (aggregates.Count < 2 || bytes < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = DecodeOne(aggregates[i]);
            }

            return results;
        }

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = DecodeOne(aggregates[i]));
        return results;
    }

    /// <summary>Starts decoding <paramref name="aggregate"/> on the thread pool (for a store that hands over each aggregate as it is read).</summary>
    public static Task<(FleetEvidence? Evidence, InvalidDataException? Error)> DecodeAsync(FleetAggregate aggregate) => Task.Run(() => DecodeOne(aggregate));

    private static (FleetEvidence? Evidence, InvalidDataException? Error) DecodeOne(FleetAggregate aggregate)
    {
        try
        {
            return (FleetEvidenceFormat.Read(aggregate.Data, $"the instance '{aggregate.Instance}'"), null);
        }
        catch (InvalidDataException ex)
        {
            return (null, ex);
        }
    }
}
