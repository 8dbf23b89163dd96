using Alpha.Learning.Storage;

namespace Alpha.Learning.Tests.Loop;

public sealed class SqliteCycleLeaseRecoveryTests() : CycleLeaseRecoveryTests(SqliteLearningStore.CreateInMemory());
