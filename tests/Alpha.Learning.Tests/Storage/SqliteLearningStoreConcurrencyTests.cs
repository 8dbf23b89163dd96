using System.Diagnostics;

using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreConcurrencyTests : LearningStoreConcurrencyTests
{
    private readonly TempFolder _folder = new();

    public override void Dispose()
    {
        _folder.Dispose();
        base.Dispose();
    }

    protected override string NewDatabase(string name) => _folder.File(name);

    protected override ILearningStore Open(string database) => new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = database });

    protected override string ForChild(ProcessStartInfo start, string database) => database;
}
