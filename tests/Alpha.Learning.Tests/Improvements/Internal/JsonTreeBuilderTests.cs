using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;
using Alpha.Learning.Improvements.Internal;

namespace Alpha.Learning.Tests.Improvements.Internal;

/// <summary>
/// A parse focused on the planned paths builds only the containers they pass through and folds the rest, yet checks
/// every token of the folded parts as a full parse does, and a folded container unfolds to what a full parse builds.
/// </summary>
public sealed class JsonTreeBuilderTests
{
    private static readonly PlannedPaths.Node Focus = JsonPlanner.Focus([new ConfigChange { Path = "Agent:Tools:search:TimeoutSeconds", NewValue = 1L }]);

    // Each hostile part sits inside "other", a sibling no planned path reaches, so a focused parse folds it.
    public static TheoryData<string, ConfigStoreError> HostileFoldedParts => new()
    {
        { """{ "a": 1, "a": 2 }""", ConfigStoreError.DuplicateKey },
        { """{ "Name": 1, "nAME": 2 }""", ConfigStoreError.DuplicateKey },
        { """{ "a": 1, "\u0041": 2 }""", ConfigStoreError.DuplicateKey },
        { """{ "x": { "deep": [ { "k": 1, "K": 2 } ] } }""", ConfigStoreError.DuplicateKey },
        { """{ "bell\u0007": 1 }""", ConfigStoreError.Syntax },
        { """{ "c1\u0085": 1 }""", ConfigStoreError.Syntax },
        { """[ 1, 2, 1e999 ]""", ConfigStoreError.Syntax },
        { """[ -1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000 ]""", ConfigStoreError.Syntax },
        { """{ "s": "\uD800" }""", ConfigStoreError.InvalidEncoding },
        { """{ "s": [ 1, 2 }""", ConfigStoreError.Syntax },
    };

    [Theory]
    [MemberData(nameof(HostileFoldedParts))]
    public void Parse_HostilePartInAFoldedSibling_RefusedAsAFullParseRefusesIt(string part, ConfigStoreError expected)
    {
        var utf8 = Document(part);

        var full = () => JsonModel.Parse(utf8, "test.json", 64, 1024);
        var focused = () => JsonModel.Parse(utf8, "test.json", 64, 1024, Focus);

        full.Should().Throw<ConfigStoreException>().Which.Error.Should().Be(expected);
        focused.Should().Throw<ConfigStoreException>().Which.Error.Should().Be(expected);
    }

    [Fact]
    public void Parse_Focused_BuildsThePathAndFoldsTheRest()
    {
        var model = JsonModel.Parse(Document("""{ "x": [ 1, { "y": true } ] }"""), "test.json", 64, 1024, Focus);

        var agent = (JObject)((JObject)model.Root!).FindBuilt("Agent")!.Value;
        var tools = (JObject)agent.FindBuilt("tools")!.Value;
        ((JContainer)model.Root!).IsFolded.Should().BeFalse();
        tools.IsFolded.Should().BeFalse();
        ((JContainer)tools.FindBuilt("search")!.Value).IsFolded.Should().BeFalse();
        ((JContainer)tools.FindBuilt("other")!.Value).IsFolded.Should().BeTrue("no planned path reaches it");
        ((JContainer)agent.FindBuilt("Routing")!.Value).IsFolded.Should().BeTrue();
    }

    [Fact]
    public void Parse_Focused_FoldedContainersUnfoldToWhatAFullParseBuilds()
    {
        var utf8 = Document("""{ "x": [ 1, { "y": true, "z": null } ], /* c */ "w": "\u00e9t\u00e9", "n": 2.5 }""");

        var full = JsonPlanner.FlattenScalars(JsonModel.Parse(utf8, "test.json", 64, 1024));
        var focused = JsonPlanner.FlattenScalars(JsonModel.Parse(utf8, "test.json", 64, 1024, Focus));

        focused.Should().BeEquivalentTo(full);
        focused.Should().ContainKey("Agent:Tools:other:x:1:y").WhoseValue.Should().Be(true);
    }

    [Fact]
    public void Difference_FoldedSiblingWhoseValueChanged_IsReported()
    {
        var before = JsonModel.Parse(Document("""{ "x": 1 }"""), "test.json", 64, 1024, Focus);
        var after = JsonModel.Parse(Document("""{ "x": 2 }"""), "test.json", 64, 1024, Focus);

        JsonStructure.Difference(before, after, Unchanged()).Should().Contain("Agent:Tools:other:x");
    }

    [Fact]
    public void Difference_FoldedSiblingWithOnlyItsSpacingChanged_IsTheSameValue()
    {
        var before = JsonModel.Parse(Document("""{ "x": 1 }"""), "test.json", 64, 1024, Focus);
        var after = JsonModel.Parse(Document("""{"x":1, }"""), "test.json", 64, 1024, Focus);

        JsonStructure.Difference(before, after, Unchanged()).Should().BeNull();
    }

    /// <summary>A plan that sets the focused path to the value it already has, so only unplanned differences count.</summary>
    private static PlannedPaths.Node Unchanged()
    {
        var planned = new PlannedPaths();
        planned.Add(["Agent", "Tools", "search", "TimeoutSeconds"], remove: false, value: 1L);
        return planned.Root;
    }

    private static byte[] Document(string other) => Encoding.UTF8.GetBytes(
        "{\n  // host\n  \"Agent\": {\n    \"Tools\": {\n      \"search\": { \"TimeoutSeconds\": 1 },\n      \"other\": " + other
        + ",\n    },\n    \"Routing\": { \"summarize\": \"gpt-4o\" }\n  }\n}\n");
}
