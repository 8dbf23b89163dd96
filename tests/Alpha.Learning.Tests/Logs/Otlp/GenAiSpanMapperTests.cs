using Alpha.Learning.Logs.Otlp.Internal;

namespace Alpha.Learning.Tests.Logs.Otlp;

public sealed class GenAiSpanMapperTests
{
    [Theory]
    [InlineData("{\"city\":\"Paris\"}", "{\"city\":\"Paris\"}")]
    [InlineData("{\n  \"city\": \"Paris\",\n  \"days\": [1, 2]\n}", "{\"city\":\"Paris\",\"days\":[1,2]}")]
    [InlineData("{\"n\":1e5,\"ok\":true,\"x\":null}", "{\"n\":1e5,\"ok\":true,\"x\":null}")]
    [InlineData("{\"q\":\"caf\u00e9\"}", "{\"q\":\"caf\\u00E9\"}")]
    [InlineData("{\"q\":\"a<b\"}", "{\"q\":\"a\\u003Cb\"}")]
    [InlineData("{\"q\":\"\\u0041\"}", "{\"q\":\"A\"}")]
    [InlineData("{\"a\":1}{\"b\":2}", "\"{\\u0022a\\u0022:1}{\\u0022b\\u0022:2}\"")]
    [InlineData("{\"a\":", "\"{\\u0022a\\u0022:\"")]
    [InlineData("Paris", "\"Paris\"")]
    public void CompactJson_ToolArguments_OneLineOfCompactJsonWhetherAlreadyCompactOrNot(string arguments, string expected)
    {
        GenAiSpanMapper.CompactJson(arguments).Should().Be(expected);
    }
}
