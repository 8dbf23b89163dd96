using System.Globalization;

using Alpha.Learning.ReportSeed;
using Alpha.Learning.Storage;

// Usage: Alpha.Learning.ReportSeed DB_FILE [END_INSTANT]
// Writes two weeks of cycles, patterns, improvements, verdicts and metrics ending at END_INSTANT (default: now).
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: Alpha.Learning.ReportSeed DB_FILE [END_INSTANT]");
    return 2;
}

var end = args.Length == 2
    ? DateTimeOffset.Parse(args[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
    : TimeProvider.System.GetUtcNow();
using var store = new SqliteLearningStore(new SqliteLearningStoreOptions { DatabasePath = args[0] });
var seeded = await ReportSeeder.SeedAsync(store, end).ConfigureAwait(false);
Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Seeded {args[0]}: {seeded.Cycles} cycles, {seeded.Patterns} patterns, {seeded.Improvements} improvements, {seeded.Metrics} metric values."));
return 0;
