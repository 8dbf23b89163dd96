using System.Security.Cryptography;
using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Internal;

namespace Alpha.Learning.Tests.Internal;

// The managed digest must be the standard SHA-256 bit for bit: pattern fingerprints and recommendation ids are stored
// and compared across runs and versions.
public sealed class Sha256DigestTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Hash_PublishedTestVector_GivesThePublishedDigest(string text, string expected)
    {
        var digest = new byte[Sha256Digest.Size];
        Sha256Digest.Hash(Encoding.ASCII.GetBytes(text), digest);
        Convert.ToHexStringLower(digest).Should().Be(expected);
    }

    [Fact]
    public void Hash_EveryLengthAcrossThePaddingBoundaries_MatchesThePlatform()
    {
        var random = new Random(20261206);
        var digest = new byte[Sha256Digest.Size];
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Sha256Digest.Hash(data, digest);
            digest.Should().Equal(SHA256.HashData(data), $"for {length} bytes");
        }
    }

    [Fact]
    public void Hash_LongInput_MatchesThePlatform()
    {
        var data = new byte[1_000_003];
        new Random(7).NextBytes(data);
        var digest = new byte[Sha256Digest.Size];
        Sha256Digest.Hash(data, digest);
        digest.Should().Equal(SHA256.HashData(data));
    }

    [Fact]
    public void Hash_DestinationTooShort_Throws()
    {
        var act = () => Sha256Digest.Hash([1, 2, 3], new byte[31]);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ComputeFingerprint_KnownPattern_KeepsTheIdItHadWithThePlatformDigest()
    {
        // The first 8 bytes of SHA256("timeout_pattern\ntask\nweb_research"), as the platform's SHA-256 computes them.
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("timeout_pattern\ntask\nweb_research"))[..8]);
        LogPattern.ComputeFingerprint(PatternType.TimeoutPattern, "task", "web_research").Should().Be(expected);
    }
}
