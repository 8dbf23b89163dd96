using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreImprovementTests() : LearningStoreImprovementTests(SqliteLearningStore.CreateInMemory());
