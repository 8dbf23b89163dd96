using Alpha.Learning.Storage;

using Microsoft.Data.Sqlite;

using Xunit.Abstractions;

namespace Alpha.Learning.Tests.Loop;

public sealed class SqliteTwoProcessCycleTests(ITestOutputHelper output) : TwoProcessCycleTests(output)
{
    protected override string NewDatabase(TempFolder folder) => folder.File("learning.db");

    protected override ILearningStore Open(string database) => new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = database });

    protected override IEnumerable<string> RunnerArguments(string database) => ["--db", database];

    protected override void Release(string database) => SqliteConnection.ClearAllPools();
}
