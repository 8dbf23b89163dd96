namespace Alpha.Learning.Tests.Storage;

public sealed class PostgreSqlLearningStoreImprovementTests() : LearningStoreImprovementTests(PostgresTestStore.Create());
