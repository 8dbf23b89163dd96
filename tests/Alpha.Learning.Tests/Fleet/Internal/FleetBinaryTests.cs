using System.Text;

using Alpha.Learning.Analysis;
using Alpha.Learning.Fleet.Internal;
using Alpha.Learning.Tests.Analysis;

namespace Alpha.Learning.Tests.Fleet.Internal;

/// <summary>
/// <see cref="FleetBinary.Text"/>: strings read back as written, however long the log's names were; a length past the
/// bytes left refused before anything is allocated.
/// </summary>
public sealed class FleetBinaryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(65_536)]
    [InlineData(200_000)]
    public void Text_WrittenByBinaryWriter_ReadsBackTheSameString(int bytes)
    {
        // Three-byte characters across the 256-byte stack buffer and the rented one, then ASCII to the exact length.
        var value = new string('€', bytes / 3 / 2) + new string('a', bytes - (bytes / 3 / 2 * 3));
        Encoding.UTF8.GetByteCount(value).Should().Be(bytes);
        var data = Write(w => { w.Write(value); w.Write((byte)42); });

        using var reader = new BinaryReader(new MemoryStream(data));

        FleetBinary.Text(reader).Should().Be(value);
        reader.ReadByte().Should().Be(42, "the string's bytes and no more were read");
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1_000_000_000)]
    [InlineData(100)]
    public void Text_LengthPastTheBytesLeft_ThrowsEndOfStreamWithoutAllocatingIt(int length)
    {
        var data = Write(w => { w.Write7BitEncodedInt(length); w.Write(new byte[50]); });
        using var reader = new BinaryReader(new MemoryStream(data));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => FleetBinary.Text(reader);

        act.Should().Throw<EndOfStreamException>();
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(100_000, "five bytes of input must not take a buffer of their length");
    }

    [Theory]
    [InlineData(FleetBinary.MaxCount, true)]
    [InlineData(FleetBinary.MaxCount + 1, false)]
    [InlineData(1L << 62, false)]
    [InlineData(long.MaxValue, false)]
    public void Count_AboveTwoToTheFifty_IsRefusedSoChecksOfSumsCannotOverflow(long value, bool accepted)
    {
        // Before, 2^62 was read as a count: two of them add up past long.MaxValue to a negative sum, and checks such as
        // "priced plus unpriced calls at most the calls" or "redundant plus retried equals wasted" passed on garbage.
        var data = Write(w => w.Write7BitEncodedInt64(value));

        var act = () => FleetBinary.Count(new BinaryReader(new MemoryStream(data)));

        if (accepted)
        {
            act().Should().Be(value);
        }
        else
        {
            act.Should().Throw<InvalidDataException>().WithMessage("*count over 2^50*");
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5_000)]
    public void Text_CutShort_ThrowsEndOfStream(int length)
    {
        var data = Write(w => { w.Write7BitEncodedInt(length); w.Write(new byte[length - 1]); });

        var act = () => FleetBinary.Text(new BinaryReader(new MemoryStream(data)));

        act.Should().Throw<EndOfStreamException>();
    }

    [Fact]
    public void FleetEvidenceFormat_NamesLongerThanTheStringLimitInTheLogs_StillWritesAnAggregateTheLeaderReads()
    {
        // One log line may hold a name of up to a megabyte; an aggregate the leader refuses leaves the whole instance out.
        var task = new string('t', 70_000);
        var tool = new string('x', 70_000);
        var evidence = FleetEvidenceTests.Collect(
            new AnalysisOptions(),
            [Kit.TaskStart("t1", task), Kit.Tool("t1", tool, 0.2, "q"), Kit.Tool("t1", tool, 0.2, "q"), Kit.TaskComplete("t1", task, 1.5)]);

        var act = () => FleetEvidenceFormat.Read(FleetEvidenceFormat.Write(evidence), "the instance 'web-1'");

        var read = act.Should().NotThrow().Subject;
        read.Subjects.Keys.Should().Contain((SubjectKind.Task, task)).And.Contain((SubjectKind.Tool, tool));
    }

    private static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            write(writer);
        }

        return stream.ToArray();
    }
}
