using Alpha.Learning.Logs;

namespace Alpha.Learning.OpenTelemetry;

/// <summary>
/// Options of the Alpha.Learning trace exporter: where the execution log goes and which activity sources it listens to.
/// </summary>
public sealed class AlphaLearningExporterOptions
{
    /// <summary>The activity sources listened to by default: Microsoft.Extensions.AI, Microsoft Agent Framework and Semantic Kernel.</summary>
    public static IReadOnlyList<string> DefaultSources { get; } =
    [
        "Experimental.Microsoft.Extensions.AI",
        "Experimental.Microsoft.Agents.AI",
        "Microsoft.SemanticKernel*",
    ];

    /// <summary>
    /// Gets the options of the JSON-lines log the events are appended to (folder, file prefix, rotation). Point the
    /// learning loop's log path at the same folder. The default folder is <c>logs</c>, the default prefix <c>execution</c>.
    /// </summary>
    public JsonLinesExecutionLoggerOptions Log { get; } = new();

    /// <summary>
    /// Gets the names of further activity sources to listen to, besides <see cref="DefaultSources"/> (a trailing
    /// <c>*</c> matches a prefix). Activities of these sources that are not GenAI spans are ignored. The default value is empty.
    /// </summary>
    public IList<string> Sources { get; } = [];

    /// <summary>
    /// Gets or sets how many finished GenAI activities may wait for the writer thread, which maps each to its events (a
    /// model or tool call to one, an agent run to a task start and end) and writes them; past that, activities are
    /// dropped, counted and reported once through the host's logger rather than slowing the host. The writer wakes
    /// every 256 activities and at least every 200 ms. The default value is 10,000.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;
}
