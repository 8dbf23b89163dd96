using System.CommandLine;

using Alpha.Learning.Cli;
using Alpha.Learning.Cli.Commands;

// Every command's options are code that must be JIT-compiled before it runs (the tool runs without tiered
// compilation), so a run that names its command builds only that one; --help, a bare call and an unknown
// command build them all, so the help lists them and the parse errors are the same.
(string Name, Func<Command> Create)[] commands =
[
    ("analyze", AnalyzeCommand.Create),
    ("generate", GenerateCommand.Create),
    ("demo", DemoCommand.Create),
    ("history", StoreCommands.History),
    ("pending", StoreCommands.Pending),
    ("status", StoreCommands.Status),
    ("cycle", LoopCommands.Cycle),
    ("approve", LoopCommands.Approve),
    ("reject", LoopCommands.Reject),
    ("rollback", LoopCommands.Rollback),
    ("report", ReportCommand.Create),
    ("check", CheckCommand.Create),
    ("purge", PurgeCommand.Create),
];

var named = args.Length > 0 ? Array.FindIndex(commands, c => string.Equals(c.Name, args[0], StringComparison.Ordinal)) : -1;

// Only a known command gets a profile: any other first argument would name a file.
JitProfile.Start(named >= 0 ? commands[named].Name : "alpha-learn");
var root = new RootCommand("alpha-learn: find what goes wrong in an AI agent's execution logs, change its configuration safely, and check that the change helped.");
foreach (var (_, create) in named >= 0 ? [commands[named]] : commands)
{
    root.Subcommands.Add(create());
}

return await CommandLineApp.RunAsync(root, args).ConfigureAwait(false);
