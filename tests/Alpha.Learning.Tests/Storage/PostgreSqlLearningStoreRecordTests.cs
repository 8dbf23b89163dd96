namespace Alpha.Learning.Tests.Storage;

public sealed class PostgreSqlLearningStoreRecordTests() : LearningStoreRecordTests(PostgresTestStore.Create());
