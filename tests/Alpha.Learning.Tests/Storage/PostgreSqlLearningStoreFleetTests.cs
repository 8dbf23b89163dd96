namespace Alpha.Learning.Tests.Storage;

public sealed class PostgreSqlLearningStoreFleetTests() : LearningStoreFleetTests(PostgresTestStore.Create());
