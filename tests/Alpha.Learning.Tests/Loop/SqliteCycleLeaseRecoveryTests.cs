using Alpha.Learning.Loop;
using Alpha.Learning.Loop.Internal;
using Alpha.Learning.Storage;

using Microsoft.Extensions.Time.Testing;

using static Alpha.Learning.Tests.Storage.StoreSamples;

namespace Alpha.Learning.Tests.Loop;

public sealed class SqliteCycleLeaseRecoveryTests() : CycleLeaseRecoveryTests(SqliteLearningStore.CreateInMemory());
