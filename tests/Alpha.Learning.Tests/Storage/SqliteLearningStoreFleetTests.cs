using Alpha.Learning.Fleet;
using Alpha.Learning.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Storage;

public sealed class SqliteLearningStoreFleetTests() : LearningStoreFleetTests(SqliteLearningStore.CreateInMemory());
