namespace Alpha.Learning.Tests.Storage;

public sealed class PostgreSqlLearningStorePatternTests() : LearningStorePatternTests(PostgresTestStore.Create());
