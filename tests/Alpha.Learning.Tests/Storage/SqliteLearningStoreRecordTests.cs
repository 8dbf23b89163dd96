using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreRecordTests() : LearningStoreRecordTests(SqliteLearningStore.CreateInMemory());
