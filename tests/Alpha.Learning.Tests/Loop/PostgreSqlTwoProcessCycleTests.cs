using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Storage;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Loop;

/// <summary>The two-process cycle test on PostgreSQL: both loop runners share a schema of its own on the test server.</summary>
public sealed class PostgreSqlTwoProcessCycleTests(ITestOutputHelper output) : TwoProcessCycleTests(output)
{
    protected override string NewDatabase(TempFolder folder) => PostgresTestStore.NewSchema();

    protected override ILearningStore Open(string database) => PostgresTestStore.Create(database);

    protected override IEnumerable<string> RunnerArguments(string database) => ["--db", PostgresTestStore.ConnectionString, "--schema", database];

    protected override void Release(string database) => PostgresTestStore.Drop(PostgresTestStore.Create(database));
}
