using System.Globalization;

using Alpha.Learning.Analysis;

using BenchmarkDotNet.Attributes;

namespace Alpha.Learning.Benchmarks.Analysis;

/// <summary>
/// <see cref="ErrorTemplateMiner.Add"/> in steady state: 4,000 agent-error messages of 12 families (ids, numbers,
/// URLs, paths, quoted values, hosts, sizes, durations) added to a miner that has already seen them once, so every
/// message matches a template (the allocation budget is zero per message).
/// </summary>
[MemoryDiagnoser]
public class ErrorTemplateMinerBenchmarks
{
    private static readonly string[] Words = ["alpha", "orders", "billing", "search", "ledger", "invoices", "users", "reports"];
    private string[] _messages = [];
    private ErrorTemplateMiner _miner = null!;

    [GlobalSetup]
    public void Setup()
    {
        var r = new Random(20261205);
        string Pick(string[] values) => values[r.Next(values.Length)];
        string Host() => $"{Pick(Words)}-{r.Next(1, 99)}.svc.example.com";
        string Url() => $"https://{Host()}/v{r.Next(1, 4)}/{Pick(Words)}/{r.Next(1000, 99999)}?page={r.Next(1, 9)}";
        Func<string>[] families =
        [
            () => $"Field '{Pick(Words)}' has invalid value '{(r.NextDouble() * -1000).ToString("F2", CultureInfo.InvariantCulture)}' in invoice INV-{r.Next(10000, 99999)}",
            () => $"Failed to connect to {Host()}:{r.Next(1024, 65535)} after {r.Next(1, 9)} attempts: connection refused",
            () => $"[Errno 2] No such file or directory: '/var/agent/{Pick(Words)}/{Pick(Words)}_{r.Next(1, 500)}.json'",
            () => $"GET {Url()} returned HTTP 404 Not Found",
            () => $"HTTP 429 Too Many Requests from {Url()}; retry after {r.Next(1, 120)} s",
            () => $"KeyError: '{Pick(Words)}'",
            () => $"User {Pick(Words)}{r.Next(1, 999)}@example.com is not allowed to access project proj-{r.Next(0x1000, 0xFFFFF):x}",
            () => $"Job {Guid.NewGuid()} failed on worker {Host()} with exit code {r.Next(1, 255)} after {r.Next(1, 59)}:{r.Next(10, 59)}",
            () => $"Sandbox ran out of memory: used {r.Next(1, 900)}.{r.Next(0, 9)} MB of {r.Next(1, 16)} GB while running {Pick(Words)}.py",
            () => $"Request to {Url()} timed out after {r.Next(1, 90)} s",
            () => $"Transferred {r.Next(1, 9000)} bytes ({r.Next(1, 9)}.{r.Next(0, 99)} KB) to {Host()} in {r.Next(1, 900)} ms",
            () => $"Task {Pick(Words)} failed: tool returned exit status {r.Next(1, 3)} with stderr \"{Pick(Words)} {Pick(Words)} not found\"",
        ];
        _messages = new string[4000];
        for (var i = 0; i < _messages.Length; i++)
        {
            _messages[i] = families[r.Next(families.Length)]();
        }

        _miner = new ErrorTemplateMiner();
        foreach (var message in _messages)
        {
            _miner.Add(message);
        }
    }

    [Benchmark(OperationsPerInvoke = 4000)]
    public long AddMatched()
    {
        long sum = 0;
        foreach (var message in _messages)
        {
            sum += _miner.Add(message).Id;
        }

        return sum;
    }
}
