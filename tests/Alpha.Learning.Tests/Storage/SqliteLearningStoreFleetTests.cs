using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreFleetTests() : LearningStoreFleetTests(SqliteLearningStore.CreateInMemory());
