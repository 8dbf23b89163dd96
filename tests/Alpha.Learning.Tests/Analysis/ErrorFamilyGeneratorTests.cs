using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Logs;

namespace Alpha.Learning.Tests.Analysis;

/// <summary>
/// Families of agent errors built from random names and numbers (ids, numbers, URLs, paths, quoted values, hosts,
/// words): every family must come out as exactly one pattern with its exact count, whatever the seed.
/// </summary>
public sealed class ErrorFamilyGeneratorTests
{
    private static readonly string[] Words = ["alpha", "orders", "billing", "search", "ledger", "invoices", "users", "reports", "cache", "inbox"];
    private static readonly string[] Fields = ["amount", "timeout_ms", "retry_after", "status", "total", "code", "limit"];
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY"];
    private static readonly string[] Domains = ["example.com", "corp.internal", "svc.cluster.local", "api.io"];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20261205)]
    public void Run_GeneratedFamilies_OnePatternPerFamilyWithExactCount(int seed)
    {
        var (events, families) = Generate(seed);
        var options = new AnalysisOptions { RecurringErrorMinOccurrences = 1, TimeoutMinOccurrences = 1 };

        var (patterns, _) = Kit.Run(events, options);

        var recurring = patterns.Where(p => p.Type == PatternType.RecurringError)
            .Select(p => ((string)p.Metadata["error_type"], p.Occurrences)).Order().ToList();
        var timeouts = patterns.Where(p => p.Type == PatternType.TimeoutPattern).Select(p => (p.Key, p.Occurrences)).Order().ToList();
        recurring.Should().Equal(families.Where(f => !f.Timeout).Select(f => (f.ErrorType, (long)f.Count)).Order(), "seed {0}: {1}", seed, string.Join(" | ", patterns.Select(p => p.Key)));
        timeouts.Should().Equal(families.Where(f => f.Timeout).Select(f => (f.Task, (long)f.Count)).Order());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void Run_GeneratedFamilies_TimeoutAndRecurringPartitionTheErrors(int seed)
    {
        var (events, _) = Generate(seed);
        var options = new AnalysisOptions { RecurringErrorMinOccurrences = 1, TimeoutMinOccurrences = 1 };

        var (patterns, _) = Kit.Run(events, options);

        var errors = events.Count(e => e.Kind == ExecutionEventKind.TaskError);
        var inTimeouts = patterns.Where(p => p.Type == PatternType.TimeoutPattern).Sum(p => p.Occurrences);
        var inRecurring = patterns.Where(p => p.Type == PatternType.RecurringError).Sum(p => p.Occurrences);
        (inTimeouts + inRecurring).Should().Be(errors, "every error event is in exactly one pattern");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(13)]
    public void Run_GeneratedFamiliesWithDefaultThreshold_TotalsAddUp(int seed)
    {
        var (events, families) = Generate(seed);
        var options = new AnalysisOptions { RecurringErrorMinOccurrences = 8, TimeoutMinOccurrences = 8 };

        var (patterns, _) = Kit.Run(events, options);

        var reported = patterns.Where(p => p.Type == PatternType.TimeoutPattern || p.Type == PatternType.RecurringError).Sum(p => p.Occurrences);
        var underThreshold = families.Where(f => f.Count < 8).Sum(f => f.Count);
        (reported + underThreshold).Should().Be(events.Count(e => e.Kind == ExecutionEventKind.TaskError));
    }

    [Theory]
    [InlineData("ValueError", "Field 'amount' has invalid value '-504.55' in invoice INV-26653", "Permanent")]
    [InlineData("ValueError", "Field amount has invalid value -504.55 in invoice INV-26653", "Permanent")]
    [InlineData("ValueError", "Expected 504 rows, got 503", "Permanent")]
    [InlineData("HttpError", "GET https://x.io/a failed: HTTP 504 Gateway error", "Timeout")]
    [InlineData("HttpError", "upstream returned status: 503", "Transient")]
    [InlineData("HttpError", "Too many requests, slow down", "Transient")]
    [InlineData("503", "upstream said no", "Transient")]
    [InlineData("RuntimeError", "Setting 'timeout' is not a number", "Permanent")]
    [InlineData("RuntimeError", "call timed out after 30 s", "Timeout")]
    public void Classify_ErrorTypeAndConstantWords_DecideTheClass(string errorType, string message, string expected)
    {
        new ErrorClassifier(new AnalysisOptions()).Classify(errorType, message).ToString().Should().Be(expected);
    }

    private sealed record Family(string ErrorType, string Task, bool Timeout, int Count, Func<Random, string> Message);

    private static (List<ExecutionEvent> Events, List<Family> Families) Generate(int seed)
    {
        var random = new Random(seed);
        string Pick(string[] values) => values[random.Next(values.Length)];
        string Host(Random r) => $"{Pick(Words)}-{r.Next(1, 99)}.{Pick(Domains)}";
        string Url(Random r) => $"https://{Host(r)}/v{r.Next(1, 4)}/{Pick(Words)}/{r.Next(1000, 99999)}?page={r.Next(1, 9)}";
        string Path(Random r) => $"/var/agent/{Pick(Words)}/{Pick(Words)}_{r.Next(1, 500)}.json";
        string Amount(Random r) => r.Next(4) switch
        {
            0 => "-504.55",
            1 => "503",
            2 => (r.NextDouble() * -1000).ToString("F2", CultureInfo.InvariantCulture),
            _ => r.Next(1, 100000).ToString(CultureInfo.InvariantCulture),
        };

        // Distinct counts, so each family can be told by its count and error type.
        var counts = Enumerable.Range(3, 40).OrderBy(_ => random.Next()).ToList();
        var families = new List<Family>
        {
            new("ValueError", "billing", false, counts[0], r => $"Field '{Pick(Fields)}' has invalid value '{Amount(r)}' in invoice INV-{r.Next(10000, 99999)}"),
            new("ValueError", "billing", false, counts[1], r => $"Invoice INV-{r.Next(10000, 99999)} total {Amount(r)} {Pick(Currencies)} exceeds the limit of {r.Next(100, 9999)}"),
            new("ConnectionError", "sync", false, counts[2], r => $"Failed to connect to {Host(r)}:{r.Next(1024, 65535)} after {r.Next(1, 9)} attempts: connection refused"),
            new("FileNotFoundError", "report", false, counts[3], r => $"[Errno 2] No such file or directory: '{Path(r)}'"),
            new("HTTPError", "crawl", false, counts[4], r => $"GET {Url(r)} returned HTTP 404 Not Found"),
            new("RateLimitError", "crawl", false, counts[5], r => $"HTTP 429 Too Many Requests from {Url(r)}; retry after {r.Next(1, 120)} s"),
            new("KeyError", "parse", false, counts[6], r => $"'{Pick(Words)}_{Pick(Fields)}'"),
            new("PermissionError", "admin", false, counts[7], r => $"User {Pick(Words)}{r.Next(1, 999)}@{Pick(Domains)} is not allowed to access project proj-{r.Next(0x1000, 0xFFFFF):x}"),
            new("RuntimeError", "build", false, counts[8], r => $"Job {Guid.NewGuid()} failed on worker {Host(r)} with exit code {r.Next(1, 255)} after {r.Next(1, 59)}:{r.Next(10, 59)}"),
            new("RuntimeError", "build", false, counts[9], r => $"Sandbox ran out of memory: used {r.Next(1, 900)}.{r.Next(0, 9)} MB of {r.Next(1, 16)} GB while running {Pick(Words)}.py"),
            new("TimeoutError", "fetch_pages", true, counts[10], r => $"Request to {Url(r)} timed out after {r.Next(1, 90)} s"),
            new("ToolError", "lookup", true, counts[11], r => $"Tool lookup exceeded its deadline of {r.Next(5, 60)} s (deadline exceeded) for query '{Pick(Words)} {Pick(Words)}'"),
        };

        var order = families.SelectMany(f => Enumerable.Repeat(f, f.Count)).OrderBy(_ => random.Next()).ToList();
        var events = new List<ExecutionEvent>(order.Count);
        for (var i = 0; i < order.Count; i++)
        {
            var family = order[i];
            events.Add(Kit.TaskError($"t{i}", family.Task, family.Message(random), family.ErrorType, duration: 1, second: i));
        }

        return (events, families);
    }
}
