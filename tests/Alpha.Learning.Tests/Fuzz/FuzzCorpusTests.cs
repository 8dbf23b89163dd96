using Alpha.Learning.Fuzz;

namespace Alpha.Learning.Tests.Fuzz;

/// <summary>
/// Every committed seed and every finding of eng/fuzz.sh (tests/Alpha.Learning.Fuzz/corpus and findings) runs through
/// its fuzz target on every test run: a crash found once stays a regression test.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Alpha.Learning.Fuzz"));
        foreach (var kind in new[] { "corpus", "findings" })
        {
            var folder = Path.Combine(root, kind);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var target in Directory.GetDirectories(folder))
            {
                foreach (var file in Directory.GetFiles(target))
                {
                    data.Add(Path.GetFileName(target), Path.GetRelativePath(root, file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Target_CommittedInput_NeitherThrowsNorHangs(string target, string input)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "Alpha.Learning.Fuzz"));
        var run = Targets.Find(target);
        run.Should().NotBeNull($"'{target}' is a fuzz target");

        var act = () => run!(File.ReadAllBytes(Path.Combine(root, input)));

        act.Should().NotThrow();
    }
}
