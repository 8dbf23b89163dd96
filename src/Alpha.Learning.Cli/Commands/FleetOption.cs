using System.CommandLine;

using Alpha.Learning.Fleet;

namespace Alpha.Learning.Cli.Commands;

/// <summary><c>--instance NAME</c>: the cycle runs in fleet mode as this instance of the fleet sharing <c>--db</c>.</summary>
internal static class FleetOption
{
    public static Option<string?> Instance()
    {
        var option = new Option<string?>("--instance")
        {
            Description = "Run as this instance of a fleet sharing --db (a PostgreSQL store, or a SQLite file on one host): report this instance's evidence from --logs, and when holding the cycle lease, merge every live instance's evidence and decide on it. Letters, digits, '.', '_', '-'. The default is to learn alone (or the settings' Loop:Fleet:Instance).",
            HelpName = "NAME",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !FleetNames.IsValid(value))
            {
                result.AddError($"--instance '{Output.Safe(value)}' is not a valid instance name: use 1 to 64 letters, digits, '.', '_' or '-'.");
            }
        });
        return option;
    }
}
