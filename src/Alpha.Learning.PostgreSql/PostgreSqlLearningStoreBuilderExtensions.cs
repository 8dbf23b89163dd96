using Alpha.Learning.Alerts;
using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Storage;

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes Alpha.Learning keep what it learns in PostgreSQL, shared by every instance of a fleet.</summary>
public static class PostgreSqlLearningStoreBuilderExtensions
{
    /// <summary>
    /// Replaces the learning store with a <see cref="PostgreSqlLearningStore"/> (and the alert states with its
    /// <c>alerts</c> table). Every instance given the same connection string and schema shares one store, one cycle lease
    /// and one daily quota.
    /// </summary>
    /// <param name="builder">The builder from <c>AddAlphaLearning</c>.</param>
    /// <param name="connectionString">An Npgsql connection string or a <c>postgresql://</c> URI.</param>
    /// <param name="configure">Sets the other options (schema, command timeout), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IAlphaLearningBuilder UsePostgreSqlLearningStore(this IAlphaLearningBuilder builder, string connectionString, Action<PostgreSqlLearningStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.AddOptions<PostgreSqlLearningStoreOptions>().Configure(o =>
        {
            o.ConnectionString = connectionString;
            configure?.Invoke(o);
        });
        builder.Services.TryAddSingleton(sp => new PostgreSqlLearningStore(
            sp.GetRequiredService<IOptions<PostgreSqlLearningStoreOptions>>().Value,
            sp.GetService<ILogger<PostgreSqlLearningStore>>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<ILearningStore>(sp => sp.GetRequiredService<PostgreSqlLearningStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IAlertStateStore>(sp => sp.GetRequiredService<PostgreSqlLearningStore>()));
        return builder;
    }
}
