using System.Diagnostics;
using System.Globalization;

using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatAgent;

/// <summary>
/// Serves one request: an <c>invoke_agent</c> span named after the task type (its status and <c>error.type</c> say how
/// the task ended), the model the options route it to, the <c>search</c> tool for research, and a check of the answer.
/// The spans (this one, and Microsoft.Extensions.AI's chat and execute_tool spans with their models and tokens) are all
/// Alpha.Learning sees. Returns what happened, for the sample's figures.
/// </summary>
public sealed class AgentRunner(IChatClient chat, IOptionsMonitor<AgentOptions> options, TimeProvider clock)
{
    private static readonly ActivitySource Source = new(ChatAgentHost.ActivitySourceName);
    private static readonly Dictionary<string, (double Input, double Output)> Prices = new(StringComparer.Ordinal)
    {
        ["large-model"] = (5, 15),
        ["small-model"] = (0.2, 0.8),
        ["tiny-model"] = (0.05, 0.2),
    };

    private static readonly AIFunction SearchTool = AIFunctionFactory.Create(
        (string query) => "Top result for '" + query + "': example.com/news",
        "search",
        "Searches the web and returns the top result.");

    public async Task<RequestOutcome> RunAsync(string taskType, CancellationToken cancellationToken = default)
    {
        var model = options.CurrentValue.Routing.TryGetValue(taskType, out var routed) ? routed : "large-model";
        var started = clock.GetUtcNow();
        using var activity = Source.StartActivity("invoke_agent " + taskType, ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", taskType);
        var chatOptions = new ChatOptions
        {
            ModelId = model,
            Tools = taskType == "research" ? [SearchTool] : null,
            AdditionalProperties = new() { [SimulatedChatClient.TaskTypeKey] = taskType },
        };
        try
        {
            var response = await chat.GetResponseAsync($"Please {taskType} the latest news.", chatOptions, cancellationToken).ConfigureAwait(false);
            var cost = Cost(model, response.Usage);
            if (!response.Text.StartsWith("ANSWER", StringComparison.Ordinal))
            {
                throw new AnswerRejectedException(string.Create(CultureInfo.InvariantCulture, $"The {taskType} answer from {model} failed the check."));
            }

            activity?.SetStatus(ActivityStatusCode.Ok);
            return new RequestOutcome(taskType, model, true, clock.GetUtcNow() - started, cost);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.SetTag("error.type", ex.GetType().Name);
            return new RequestOutcome(taskType, model, false, clock.GetUtcNow() - started, Cost(model, null));
        }
    }

    private static double Cost(string model, UsageDetails? usage)
    {
        var (input, output) = Prices.GetValueOrDefault(model, (1, 1));
        return (((usage?.InputTokenCount ?? 600) * input) + ((usage?.OutputTokenCount ?? 0) * output)) / 1_000_000;
    }
}
