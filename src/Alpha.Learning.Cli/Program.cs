using System.CommandLine;
using Alpha.Learning.Cli;
using Alpha.Learning.Cli.Commands;

var root = new RootCommand("alpha-learn: find what goes wrong in an AI agent's execution logs, change its configuration safely, and check that the change helped.");
root.Subcommands.Add(AnalyzeCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(StoreCommands.History());
root.Subcommands.Add(StoreCommands.Pending());
root.Subcommands.Add(StoreCommands.Status());
root.Subcommands.Add(LoopCommands.Cycle());
root.Subcommands.Add(LoopCommands.Approve());
root.Subcommands.Add(LoopCommands.Reject());
root.Subcommands.Add(LoopCommands.Rollback());
root.Subcommands.Add(ReportCommand.Create());

return await CommandLineApp.RunAsync(root, args).ConfigureAwait(false);
