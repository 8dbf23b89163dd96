using Alpha.Learning.Tests.Storage;

namespace Alpha.Learning.Tests.Loop;

public sealed class PostgreSqlCycleLeaseRecoveryTests() : CycleLeaseRecoveryTests(PostgresTestStore.Create());
