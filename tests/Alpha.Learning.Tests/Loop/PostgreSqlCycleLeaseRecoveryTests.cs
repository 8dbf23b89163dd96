using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;
using Alpha.Learning.Tests.Storage;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Loop;

public sealed class PostgreSqlCycleLeaseRecoveryTests() : CycleLeaseRecoveryTests(PostgresTestStore.Create());
