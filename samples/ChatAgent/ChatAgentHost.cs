using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using OpenTelemetry.Trace;

namespace ChatAgent;

/// <summary>
/// The chat agent's generic host: appsettings.json (reload on change) bound to <see cref="AgentOptions"/>; a
/// Microsoft.Extensions.AI pipeline (function invocation → OpenTelemetry → resilience → provider); OpenTelemetry
/// tracing with Alpha.Learning's exporter (the loop learns from the spans); and Alpha.Learning itself, its hosted loop editing the same appsettings.json.
/// Time is a <see cref="FakeTimeProvider"/> so simulated days pass in seconds.
/// </summary>
public static class ChatAgentHost
{
    public const string ActivitySourceName = "ChatAgent";

    public static IHost Build(string contentRoot, FakeTimeProvider clock, bool verbose = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(Path.Combine(contentRoot, "appsettings.json"), optional: false, reloadOnChange: true);
        builder.Logging.ClearProviders();
        if (verbose)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(clock);
        builder.Services.Configure<AgentOptions>(builder.Configuration.GetSection("Agent"));

        // The agent: a provider, a resilience pipeline from IOptionsMonitor<AgentOptions>, OpenTelemetry, tools.
        builder.Services.AddSingleton(sp => new SimulatedChatClient(clock));
        builder.Services.AddSingleton(sp => new ResilientChatClient(
            sp.GetRequiredService<SimulatedChatClient>(),
            sp.GetRequiredService<IOptionsMonitor<AgentOptions>>(),
            clock,
            (delay, _) =>
            {
                clock.Advance(delay);
                return ValueTask.CompletedTask;
            }));
        builder.Services.AddChatClient(sp => sp.GetRequiredService<ResilientChatClient>())
            .UseFunctionInvocation(configure: f => f.MaximumIterationsPerRequest = 3)
            .UseOpenTelemetry(configure: o => o.EnableSensitiveData = false);
        builder.Services.AddSingleton<AgentRunner>();

        // The host's tracing: its own invoke_agent spans and Microsoft.Extensions.AI's chat and execute_tool spans. The
        // activities are stamped with the simulated clock (a host on the real clock leaves this out).
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(ActivitySourceName).AddProcessor(new SimulatedClockStamps(clock)));
        var logs = Path.Combine(contentRoot, "logs");

        // Alpha.Learning: options from the AlphaLearning section, the exporter turning the spans above into the execution
        // log, the loop on its schedule, appsettings.json.
        builder.Services.AddAlphaLearning(o =>
        {
            builder.Configuration.GetSection("AlphaLearning").Bind(o);
            o.Loop.LogPaths = [logs];
            o.Store.DatabasePath = Path.Combine(contentRoot, "alpha-learning.db");
            o.BackupDirectory = Path.Combine(contentRoot, "backups");
        })
            .AddOpenTelemetryExporter(o =>
            {
                o.Sources.Add(ActivitySourceName);
                o.Log.Directory = logs;
            })
            .UseJsonConfigStore(Path.Combine(contentRoot, "appsettings.json"))
            .AddHostedFeedbackLoop();
        return builder.Build();
    }
}
