using Alpha.Learning.Improvements;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class PostgreSqlLearningStoreImprovementTests() : LearningStoreImprovementTests(PostgresTestStore.Create());
