using System.CommandLine;

using Alpha.Learning.DependencyInjection;
using Alpha.Learning.Loop;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Cli;

/// <summary>Builds the library's services for a command, the way a host would with <c>AddAlphaLearning()</c>.</summary>
internal static class CliHost
{
    public static Option<string> Config(bool required) => new("--config")
    {
        Description = "The agent's configuration file that improvements change: YAML (.yaml, .yml) or JSON with comments (.json, such as appsettings.json), by extension.",
        Required = required,
        HelpName = "FILE",
    };

    public static Option<string?> Settings() => new("--settings")
    {
        Description = "A JSON file whose 'AlphaLearning' section sets the options (Loop, Analysis, Logs, Store, Config, Guardrails; thresholds, guardrails, pricing, paths).",
        HelpName = "FILE",
    };

    public static Option<bool> Verbose() => new("--verbose")
    {
        Description = "Write the library's log messages to stderr.",
    };

    /// <summary>Builds a service provider; settings come first, then the command's own options override them.</summary>
    public static ServiceProvider Build(string? settingsFile, bool verbose, Action<AlphaLearningOptions> configure)
    {
        IConfiguration? settings = null;
        if (settingsFile is not null)
        {
            if (!File.Exists(settingsFile))
            {
                throw new CliInputException($"The settings file '{settingsFile}' does not exist.");
            }

            try
            {
                settings = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(settingsFile), optional: false, reloadOnChange: false).Build();
            }
            catch (InvalidDataException ex)
            {
                throw new CliInputException($"The settings file '{settingsFile}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}");
            }

            CheckModelPrices(settings, settingsFile);
        }

        var services = new ServiceCollection();

        // Logging only when it writes somewhere: without a provider every logger is a no-op, and the library takes its
        // loggers as optional (none is NullLogger). Registered anyway, it cost the native tool a logger factory and six
        // generic types built at run time (~7 M instructions of a 62 M start-up).
        if (verbose)
        {
            services.AddLogging(logging =>
            {
                logging.AddSimpleConsole(o => o.SingleLine = true);
                logging.AddFilter((_, _) => true);
                logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            });
        }

        NativeServices.AddClosedOptions(services);
        var builder = services.AddAlphaLearning(options =>
        {
            if (settings is not null)
            {
                try
                {
                    settings.GetSection("AlphaLearning").Bind(options);
                }
                catch (InvalidOperationException ex)
                {
                    throw new CliInputException($"The settings file '{settingsFile}' has a value of the wrong type: {ex.Message}");
                }
            }

            configure(options);
        });

        // A --db naming a PostgreSQL server (a postgresql:// URI or a connection string) selects the shared store.
        var probe = new AlphaLearningOptions();
        configure(probe);
        StoreAccess.SelectStore(builder, probe.Store.DatabasePath);

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }

    /// <summary>
    /// A price the binder would fill with zeros (a number, or an object that names no price) would make a model free:
    /// a price must name both <c>InputPerMillion</c> and <c>OutputPerMillion</c>.
    /// </summary>
    private static void CheckModelPrices(IConfiguration settings, string settingsFile)
    {
        foreach (var price in settings.GetSection("AlphaLearning:Analysis:ModelPrices").GetChildren())
        {
            if (price.Value is not null || price["InputPerMillion"] is null || price["OutputPerMillion"] is null)
            {
                throw new CliInputException($"The settings file '{settingsFile}' prices a model without both prices: '{price.Path}' must be an object with InputPerMillion and OutputPerMillion (US dollars per million tokens).");
            }
        }
    }

    /// <summary>Resolves a service, turning an options validation failure into bad input (exit 1).</summary>
    public static T Get<T>(IServiceProvider services)
        where T : notnull
    {
        try
        {
            return services.GetRequiredService<T>();
        }
        catch (OptionsValidationException ex)
        {
            throw new CliInputException("The settings are not valid: " + string.Join(" ", ex.Failures));
        }
    }

    public static FeedbackLoopMode ParseMode(string text) => text switch
    {
        "manual" => FeedbackLoopMode.Manual,
        "semi-auto" => FeedbackLoopMode.SemiAuto,
        "full-auto" => FeedbackLoopMode.FullAuto,
        _ => throw new CliUsageException($"--mode '{text}' is not a mode (manual, semi-auto, full-auto)."),
    };
}
