using System.Globalization;

using Alpha.Learning.Analysis;
using Alpha.Learning.TemplateEval;

// Grouping accuracy of ErrorTemplateMiner (default options) on the Loghub-2k benchmark.
// Usage: dotnet run -c Release --project benchmarks/Alpha.Learning.TemplateEval -- <loghub_2k folder> [--verbose System]
if (args.Length < 1 || args[0] is "-h" or "--help")
{
    await Console.Error.WriteLineAsync("usage: Alpha.Learning.TemplateEval <loghub_2k folder> [--verbose <System>]").ConfigureAwait(false);
    await Console.Error.WriteLineAsync("  the folder holds <System>/<System>_2k.log_structured.csv (github.com/logpai/logparser, data/loghub_2k)").ConfigureAwait(false);
    return 2;
}

var root = args[0];
if (!Directory.Exists(root))
{
    await Console.Error.WriteLineAsync($"error: data folder '{root}' does not exist").ConfigureAwait(false);
    return 2;
}

string? verbose = args.Length >= 3 && args[1] == "--verbose" ? args[2] : null;
var systems = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
    .Where(s => File.Exists(StructuredPath(root, s)))
    .Order(StringComparer.Ordinal)
    .ToList();
if (systems.Count == 0)
{
    await Console.Error.WriteLineAsync($"error: no <System>/<System>_2k.log_structured.csv under '{root}'").ConfigureAwait(false);
    return 2;
}

Console.WriteLine("| System | Lines | True groups | Templates | Grouping accuracy |");
Console.WriteLine("|---|---:|---:|---:|---:|");
var sum = 0.0;
var min = 1.0;
foreach (var system in systems)
{
    List<(string Content, string EventId)> rows;
    try
    {
        rows = LoghubCsv.Read(StructuredPath(root, system));
    }
    catch (InvalidDataException ex)
    {
        await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
        return 1;
    }

    var miner = new ErrorTemplateMiner();
    var predicted = new int[rows.Count];
    for (var i = 0; i < rows.Count; i++)
    {
        predicted[i] = miner.Add(rows[i].Content).Id;
    }

    var truth = rows.Select(r => r.EventId).ToArray();
    var accuracy = GroupingAccuracy.Compute(truth, predicted);
    sum += accuracy;
    min = Math.Min(min, accuracy);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {system} | {rows.Count} | {truth.Distinct().Count()} | {predicted.Distinct().Count()} | {accuracy:F3} |"));
    if (string.Equals(verbose, system, StringComparison.OrdinalIgnoreCase))
    {
        GroupingAccuracy.Explain(rows.Select(r => r.Content).ToArray(), truth, predicted, miner, Console.Error);
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **Average** ({systems.Count} systems) | | | | **{sum / systems.Count:F3}** (min {min:F3}) |"));
return 0;

static string StructuredPath(string root, string system) => Path.Combine(root, system, $"{system}_2k.log_structured.csv");
