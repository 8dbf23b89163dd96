using System.Globalization;

namespace Alpha.Learning.SimulatedAgent;

/// <summary>
/// The names and numbers of a simulated agent's world. Every trap of the world is built from these, so a world with
/// other names and numbers (see <see cref="Generate"/>) tests the same behaviour without matching any string.
/// </summary>
public sealed class WorldSpec
{
    public string PremiumModel { get; init; } = "gpt-4";

    public string CheapModel { get; init; } = "gpt-4o-mini";

    public double PremiumUsdPerMillion { get; init; } = 30;

    public double CheapUsdPerMillion { get; init; } = 0.6;

    /// <summary>The trap of routing: served by the premium model, with a small auxiliary cheap-model call in every task; the cheap model fails it often.</summary>
    public string RoutedTask { get; init; } = "summarize";

    public double RoutedPremiumSuccess { get; init; } = 0.95;

    public double RoutedCheapSuccess { get; init; } = 0.60;

    public long RoutedTokens { get; init; } = 4200;

    /// <summary>The share of the routed task type's runs the agent's own canary sends to the cheap model: the easy ones, where it does well (selection bias).</summary>
    public double RoutedCanaryShare { get; init; } = 0.2;

    /// <summary>The genuine timeout win: runs whose durations exceed the configured timeout.</summary>
    public string TimeoutTask { get; init; } = "web_research";

    public double TimeoutMedianSeconds { get; init; } = 20;

    public double TimeoutSigma { get; init; } = 0.45;

    public long InitialTimeoutSeconds { get; init; } = 30;

    public long ReferenceTimeoutSeconds { get; init; } = 45;

    /// <summary>The genuine retry win: a transient error that a retry absorbs.</summary>
    public string RetryTask { get; init; } = "code_review";

    public string TransientError { get; init; } = "ConnectionResetError";

    public double TransientRate { get; init; } = 0.15;

    public long ReferenceRetries { get; init; } = 3;

    /// <summary>The outage trap: a downstream tool hangs on some days, so its task times out; a longer timeout only burns more.</summary>
    public string OutageTask { get; init; } = "report";

    public string OutageTool { get; init; } = "warehouse";

    public long OutageTaskTimeoutSeconds { get; init; } = 60;

    public int[] OutageDays { get; init; } = [17, 18];

    /// <summary>The fast-failure trap: a flaky lookup retried unchanged; capping re-attempts cuts cost but raises the tool's per-call latency.</summary>
    public string FlakyTask { get; init; } = "lookup";

    public string FlakyTool { get; init; } = "db_lookup";

    public double FlakyBrokenRate { get; init; } = 0.12;

    public long FlakyDefaultRetries { get; init; } = 6;

    public long ReferenceFlakyRetries { get; init; } = 2;

    /// <summary>The de-duplication win: a tool called twice with the same parameters in every task.</summary>
    public string DedupeTask { get; init; } = "research";

    public string DedupeTool { get; init; } = "web_search";

    public double DedupeToolSeconds { get; init; } = 2.5;

    public int TasksPerTypePerDay { get; init; } = 60;

    public int Seed { get; init; } = 20261205;

    /// <summary>The default world.</summary>
    public static WorldSpec Default { get; } = new();

    /// <summary>A world built the same way with other names and numbers, from a seed.</summary>
    public static WorldSpec Generate(int seed)
    {
        var random = new Random(seed);
        string Name(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{random.Next(100, 999)}");
        double Between(double low, double high) => low + ((high - low) * random.NextDouble());
        var timeout = (long)Math.Round(Between(25, 40));
        return new WorldSpec
        {
            PremiumModel = Name("big-model"),
            CheapModel = Name("small-model"),
            PremiumUsdPerMillion = Math.Round(Between(20, 40), 1),
            CheapUsdPerMillion = Math.Round(Between(0.3, 1.0), 2),
            RoutedTask = Name("digest"),
            RoutedPremiumSuccess = Math.Round(Between(0.92, 0.97), 2),
            RoutedCheapSuccess = Math.Round(Between(0.5, 0.7), 2),
            RoutedTokens = random.Next(4000, 6000),
            RoutedCanaryShare = Math.Round(Between(0.15, 0.3), 2),
            TimeoutTask = Name("crawl"),
            TimeoutMedianSeconds = Math.Round(timeout * Between(0.62, 0.7), 1),
            TimeoutSigma = Math.Round(Between(0.4, 0.5), 2),
            InitialTimeoutSeconds = timeout,
            ReferenceTimeoutSeconds = (long)Math.Round(timeout * 1.5),
            RetryTask = Name("triage"),
            TransientError = "Transient" + random.Next(10, 99).ToString(CultureInfo.InvariantCulture) + "Error",
            TransientRate = Math.Round(Between(0.1, 0.2), 2),
            ReferenceRetries = 3,
            OutageTask = Name("export"),
            OutageTool = Name("ledger"),
            OutageTaskTimeoutSeconds = random.Next(45, 90),
            OutageDays = [random.Next(14, 30), random.Next(35, 50)],
            FlakyTask = Name("resolve"),
            FlakyTool = Name("kv_get"),
            FlakyBrokenRate = Math.Round(Between(0.08, 0.15), 2),
            FlakyDefaultRetries = random.Next(5, 8),
            ReferenceFlakyRetries = 2,
            DedupeTask = Name("gather"),
            DedupeTool = Name("fetch_page"),
            DedupeToolSeconds = Math.Round(Between(1.5, 4), 1),
            TasksPerTypePerDay = random.Next(50, 80),
            Seed = seed,
        };
    }

    /// <summary>The config the agent starts with (YAML, with comments a person wrote).</summary>
    public string InitialConfig() => string.Create(CultureInfo.InvariantCulture, $"""
        # Simulated agent configuration (written by a person; the loop must keep these comments).
        tasks:
          timeouts:                 # seconds a task may run
            {TimeoutTask}: {InitialTimeoutSeconds}
            {OutageTask}: {OutageTaskTimeoutSeconds}
        model_routing:              # the model each task type is sent to
          {RoutedTask}: {PremiumModel}
          {TimeoutTask}: {CheapModel}
        error_handling:
          {TransientError}:
            max_retries: 0
            backoff_seconds: 1
        tools:
          {DedupeTool}:
            deduplicate_calls: false

        """).ReplaceLineEndings("\n");

    /// <summary>The genuine wins, applied by hand in the reference arm: path and value.</summary>
    public IReadOnlyList<(string Path, object Value)> GenuineWins() =>
    [
        ($"tasks.timeouts.{TimeoutTask}", ReferenceTimeoutSeconds),
        ($"error_handling.{TransientError}.max_retries", ReferenceRetries),
        ($"tools.{FlakyTool}.max_retries", ReferenceFlakyRetries),
        ($"tools.{DedupeTool}.deduplicate_calls", true),
    ];
}
