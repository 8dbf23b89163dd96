// Fuzz driver: `Alpha.Learning.Fuzz <target>` runs under afl-fuzz (SharpFuzz), `Alpha.Learning.Fuzz <target> <file>...`
// runs files through a target once (to replay a finding).
using Alpha.Learning.Fuzz;

using SharpFuzz;

if (args.Length == 0 || Targets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: Alpha.Learning.Fuzz jsonl|yaml|settings|otlp|jsonconfig|fleet [file...]");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args.Skip(1))
    {
        target(File.ReadAllBytes(file));
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
