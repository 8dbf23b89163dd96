using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStorePatternTests() : LearningStorePatternTests(SqliteLearningStore.CreateInMemory());
