using Alpha.Learning.Analysis;

namespace Alpha.Learning.Tests.Analysis;

public sealed class ErrorTemplateMinerTests
{
    [Theory]
    [InlineData("Timeout after 30s calling search API", "Timeout after <*> calling search API")]
    [InlineData("Connection reset by peer (10.0.0.12:8443)", "Connection reset by peer (<*>)")]
    [InlineData("Document 3f2a9c1e-55aa-4c1b-9d2e-0123456789ab not found", "Document <*> not found")]
    [InlineData("GET https://api.example.com/v1/items?q=5 failed", "GET <*> failed")]
    [InlineData("File not found: /tmp/agent/report_12.pdf", "File not found: <*>")]
    [InlineData("File not found: C:\\agent\\cache\\x.txt", "File not found: <*>")]
    [InlineData("KeyError: 'query'", "KeyError: <*>")]
    [InlineData("Tool \"web search\" failed", "Tool <*> failed")]
    [InlineData("Cannot notify alice@example.com", "Cannot notify <*>")]
    [InlineData("Unhandled exception in thread 0x7ffd3a2b", "Unhandled exception in thread <*>")]
    [InlineData("Retry budget exhausted: attempts=5", "Retry budget exhausted: attempts=<*>")]
    [InlineData("Could not resolve host: api.search.io", "Could not resolve host: <*>")]
    [InlineData("HTTP 429 Too Many Requests", "HTTP 429 Too Many Requests")]
    [InlineData("Connection timeout", "Connection timeout")]
    [InlineData("don't panic", "don't panic")]
    public void Add_MessageWithVariableParts_MasksThem(string message, string expected)
    {
        var miner = new ErrorTemplateMiner();

        miner.Add(message).Text.Should().Be(expected);
    }

    [Theory]
    [InlineData("Tool search returned empty result for query <q>", "Tool search returned empty result for query <r>", true)]
    [InlineData("Connection timeout after 5s", "Connection timeout after 12s", true)]
    [InlineData("sqlite3.OperationalError: no such table: users", "sqlite3.OperationalError: no such table: orders", true)]
    [InlineData("Sandbox execution failed with exit code 1", "Sandbox execution failed with exit code 137", true)]
    [InlineData("Model output is not valid JSON", "Model output is not valid YAML", true)]
    [InlineData("HTTP 429 Too Many Requests", "HTTP 503 Service Unavailable", false)]
    [InlineData("database is locked", "database is locked after 3 retries", false)]
    [InlineData("Permission denied: /etc/x", "File not found: /etc/x", false)]
    [InlineData("Invalid API key", "Quota exceeded today", false)]
    public void Add_TwoMessages_GroupedAsExpected(string first, string second, bool sameGroup)
    {
        var miner = new ErrorTemplateMiner();

        var a = miner.Add(first);
        var b = miner.Add(second);

        (a.Id == b.Id).Should().Be(sameGroup);
    }

    [Fact]
    public void Add_SameMessageRepeatedly_OneTemplateCounted()
    {
        var miner = new ErrorTemplateMiner();

        for (var i = 0; i < 5; i++)
        {
            miner.Add("Connection timeout");
        }

        miner.Templates.Should().ContainSingle().Which.Count.Should().Be(5);
    }

    [Fact]
    public void Add_TemplateGeneralises_IdStaysTheSame()
    {
        var miner = new ErrorTemplateMiner();

        var first = miner.Add("Model output is not valid JSON");
        var second = miner.Add("Model output is not valid YAML");

        second.Id.Should().Be(first.Id);
        second.Text.Should().Be("Model output is not valid <*>");
    }

    [Fact]
    public void Add_MoreTemplatesThanCap_EvictsLeastRecentlyUsedAndNeverReusesIds()
    {
        var miner = new ErrorTemplateMiner(new ErrorTemplateMinerOptions { MaxTemplates = 3 });
        var keep = miner.Add("alpha failure happened");
        miner.Add("beta problem occurred here now");
        miner.Add("gamma");
        miner.Add("alpha failure happened"); // keeps alpha recent

        var delta = miner.Add("delta went wrong again and again");

        miner.Count.Should().Be(3);
        miner.Evicted.Should().Be(1);
        miner.Templates.Select(t => t.Text).Should().NotContain("beta problem occurred here now");
        miner.Templates.Should().Contain(t => t.Id == keep.Id);
        delta.Id.Should().Be(4);
        miner.Add("beta problem occurred here now").Id.Should().Be(5, "an evicted template's id is never reused");
    }

    [Fact]
    public void Add_HundredThousandDistinctMessages_StaysWithinTemplateCap()
    {
        var miner = new ErrorTemplateMiner(new ErrorTemplateMinerOptions { MaxTemplates = 500 });
        var random = new Random(7);
        var words = Enumerable.Range(0, 2000).Select(i => new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + random.Next(26))).ToArray())).ToArray();

        for (var i = 0; i < 100_000; i++)
        {
            miner.Add($"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]} {words[random.Next(words.Length)]}");
        }

        miner.Count.Should().BeLessThanOrEqualTo(500);
        miner.Templates.Should().HaveCountLessThanOrEqualTo(500);
    }

    [Fact]
    public void Add_VeryLongMessage_BoundedTokens()
    {
        var miner = new ErrorTemplateMiner(new ErrorTemplateMinerOptions { MaxTokens = 10 });

        var template = miner.Add(string.Join(' ', Enumerable.Repeat("word", 1000)));

        template.Text.Split(' ').Should().HaveCount(10);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void Constructor_InvalidThreshold_Throws(double threshold)
    {
        var act = () => new ErrorTemplateMiner(new ErrorTemplateMinerOptions { SimilarityThreshold = threshold });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*SimilarityThreshold*");
    }
}
