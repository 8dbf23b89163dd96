using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Analysis.Internal;

namespace Alpha.Learning.Tests.Analysis.Internal;

public sealed class ErrorMaskerTests
{
    private static readonly string[] Pieces =
    [
        " ", "  ", "\t", "\n", "'", "\"", "`", "(", ")", "[", "]", "{", "}", "<", ">", "<*>", "=", ":", ",", ".", ";", "!", "?", "/", "\\", "@",
        "://", "www.", "0x", "42", "404", "503", "7", "abc", "deadbeef", "DEADBEEFCAFE", "HTTP", "status", "code:", "status_code=", "error",
        "key=value", "a.b", "x@y.z", "é", "\u2028", "ERR_", "-", "_", "#", "KB", "ms", "Jun", "Fri", "\"GET /a HTTP/1.1\"",
    ];

    [Theory]
    [InlineData("x close, 1190 bytes (1.16 KB) sent, lifetime 00:01", "x close, <*> sent, lifetime <*>")]
    [InlineData("x close, 0 bytes sent, lifetime <1 sec", "x close, <*> sent, lifetime <*>")]
    [InlineData("connection from 1.2.3.4 (a.b.net) at Fri Jun 17 07:07:00 2005", "connection from <*> at <*>")]
    [InlineData("connection from 1.2.3.4 () at Mon Jul  1 07:57:30 2005", "connection from <*> at <*>")]
    [InlineData("onExtend:1514038530000 14 0 4", "onExtend:<*> <*>")]
    [InlineData("user=root mode=0755", "user=root mode=<*>")]
    [InlineData("10.1.1.1 \"GET /v2/x/servers HTTP/1.1\" status: 200", "<*> GET <*> status: <*>")]
    [InlineData("Tool \"web search\" failed", "Tool <*> failed")]
    [InlineData("Processed [1, 2, 3] items in 35 ms", "Processed <*> items in <*>")]
    [InlineData("May I retry", "May I retry")]
    public void Tokenize_VariablePartsOfVaryingLength_OneWildcard(string message, string expected)
    {
        string.Join(' ', ErrorMasker.Tokenize(message, 2000, 64)).Should().Be(expected);
    }

    [Theory]
    [InlineData(2000, 64)]
    [InlineData(40, 5)]
    [InlineData(7, 2)]
    public void Tokenize_RandomText_BoundedAndWildcardsInterned(int maxLength, int maxTokens)
    {
        var random = new Random((maxLength * 31) + maxTokens);
        var builder = new StringBuilder();
        var buffer = new TokenBuffer();
        for (var i = 0; i < 5_000; i++)
        {
            builder.Clear();
            var parts = random.Next(0, 16);
            for (var p = 0; p < parts; p++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var message = builder.ToString();
            var tokens = ErrorMasker.Tokenize(message, maxLength, maxTokens);
            tokens.Length.Should().BeInRange(1, maxTokens, "message {0}", message);
            tokens.Where(t => t == ErrorTemplateMiner.Wildcard).All(t => ReferenceEquals(t, ErrorTemplateMiner.Wildcard)).Should().BeTrue();
            for (var t = 1; t < tokens.Length; t++)
            {
                (ErrorMasker.IsWildcardish(tokens[t - 1]) && ErrorMasker.IsWildcardish(tokens[t])).Should().BeFalse("adjacent wildcards collapse ({0})", message);
            }

            // The reusable buffer gives the same tokens as a fresh one.
            ErrorMasker.Tokenize(message, maxLength, maxTokens, buffer);
            buffer.ToArray().Should().Equal(tokens);
        }
    }

    [Fact]
    public void Tokenize_Wildcards_AreTheInternedInstance()
    {
        var tokens = ErrorMasker.Tokenize("id 42 at /tmp/x and '<*>' or <*>", 2000, 64);

        tokens.Where(t => t == ErrorTemplateMiner.Wildcard).Should().OnlyContain(t => ReferenceEquals(t, ErrorTemplateMiner.Wildcard)).And.HaveCount(4);
    }
}
