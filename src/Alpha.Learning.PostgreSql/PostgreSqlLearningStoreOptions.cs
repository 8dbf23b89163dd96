namespace Alpha.Learning.Storage;

/// <summary>Options of <see cref="PostgreSqlLearningStore"/>.</summary>
public sealed class PostgreSqlLearningStoreOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "alpha_learning";

    /// <summary>
    /// Gets or sets the server to use: an Npgsql connection string (<c>Host=db;Database=agents;Username=alpha;Password=…</c>)
    /// or a PostgreSQL URI (<c>postgresql://alpha:…@db:5432/agents?sslmode=require</c>).
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the schema holding the store's tables, created when missing (lower-case letters, digits and
    /// underscores, starting with a letter or an underscore, at most 63 characters). Two fleets can share a database with
    /// two schemas.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Gets or sets how long one statement may run before it is cancelled (between one second and one hour).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
