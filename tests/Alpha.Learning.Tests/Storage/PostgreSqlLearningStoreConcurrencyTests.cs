using System.Diagnostics;

using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Storage;

/// <summary>The concurrency and two-process tests on PostgreSQL: each database is a schema of its own on the test server, dropped at the end.</summary>
public sealed class PostgreSqlLearningStoreConcurrencyTests : LearningStoreConcurrencyTests
{
    private readonly List<string> _schemas = [];

    public override void Dispose()
    {
        foreach (var schema in _schemas)
        {
            PostgresTestStore.Drop(PostgresTestStore.Create(schema));
        }

        base.Dispose();
    }

    protected override string NewDatabase(string name)
    {
        var schema = PostgresTestStore.NewSchema();
        _schemas.Add(schema);
        return schema;
    }

    protected override ILearningStore Open(string database) => PostgresTestStore.Create(database);

    protected override string ForChild(ProcessStartInfo start, string database)
    {
        start.Environment["ALPHA_LEARNING_POSTGRES_SCHEMA"] = database;
        return PostgresTestStore.ConnectionString;
    }
}
