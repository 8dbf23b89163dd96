using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Fleet;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes this host one instance of a fleet that learns together on one shared learning store.</summary>
public static class FleetBuilderExtensions
{
    /// <summary>
    /// Runs the feedback loop in fleet mode as the instance <paramref name="instance"/>: every cycle this instance writes
    /// the mergeable evidence of its own logs to the learning store, and the instance holding the cycle lease merges the
    /// evidence of every instance that reported within the instance timeout, then recommends, applies and verifies on it.
    /// Sets <c>AlphaLearning:Loop:Fleet:Instance</c> and, when given, <c>AlphaLearning:Loop:Fleet:InstanceTimeout</c>.
    /// </summary>
    /// <remarks>
    /// Every instance must use the same learning store (for instances on several hosts, PostgreSQL through
    /// <c>UsePostgreSqlLearningStore</c>; a SQLite file serves instances on one host) and the same configuration store,
    /// and a name no other live instance uses. On an interval schedule the instance timeout must be at least the interval
    /// (checked with the other options when the loop is built or the host starts).
    /// </remarks>
    /// <param name="builder">The builder from <c>AddAlphaLearning</c>.</param>
    /// <param name="instance">This instance's name: 1 to 64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, for example the host name or the pod name.</param>
    /// <param name="instanceTimeout">How long after its last report an instance still counts in the merge, or <see langword="null"/> for the default (1 hour).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="instance"/> is not a valid instance name (the message names the setting and quotes the value).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instanceTimeout"/> is zero or negative.</exception>
    public static IAlphaLearningBuilder UseFleet(this IAlphaLearningBuilder builder, string instance, TimeSpan? instanceTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!FleetNames.IsValid(instance))
        {
            throw new ArgumentException($"UseFleet: the instance name (AlphaLearning:Loop:Fleet:Instance) '{instance}' is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.", nameof(instance));
        }

        if (instanceTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(instanceTimeout), timeout, "UseFleet: the instance timeout (AlphaLearning:Loop:Fleet:InstanceTimeout) must be positive.");
        }

        builder.Services.Configure<AlphaLearningOptions>(o =>
        {
            o.Loop.Fleet.Instance = instance;
            if (instanceTimeout is { } value)
            {
                o.Loop.Fleet.InstanceTimeout = value;
            }
        });
        return builder;
    }
}
