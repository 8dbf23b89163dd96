using System.Runtime.InteropServices;
using System.Text;

using Alpha.Learning.Analysis.Internal;
using Alpha.Learning.Loop.Internal;

using static Alpha.Learning.Fleet.Internal.FleetBinary;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The compact binary form of <see cref="FleetEvidence"/> that instances write to the shared store: a magic number and
/// a version, then the templates and the subjects, strings as UTF-8 with a length prefix, counts as variable-length
/// integers, instants as UTC ticks, sketches as <see cref="QuantileSketch.WriteTo"/> writes them; version 2 adds the
/// instance's measures of the applied improvements awaiting a verdict (windows, counts and value samples); version 3
/// adds, as one length-prefixed block, the figures of the other built-in detectors (<see cref="FleetDetailFormat"/>).
/// An aggregate of another version is refused with an error naming the instance and the version.
/// </summary>
internal static class FleetEvidenceFormat
{
    private const int Magic = 0x31464C41; // "ALF1"
    private const byte Version = 3;

    public static byte[] Write(FleetEvidence evidence)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write7BitEncodedInt64(evidence.Events);
            writer.Write7BitEncodedInt(evidence.Templates.Count);
            foreach (var t in evidence.Templates)
            {
                writer.Write(t.ErrorType);
                writer.Write(t.Transient);
                writer.Write(t.Text);
                writer.Write7BitEncodedInt64(t.Count);
                writer.Write(t.FirstSeen.UtcTicks);
                writer.Write(t.LastSeen.UtcTicks);
                WriteList(writer, t.Examples);
                WriteList(writer, t.Tasks);
                WriteList(writer, t.Tools);
            }

            writer.Write7BitEncodedInt(evidence.Subjects.Count);
            foreach (var s in evidence.Subjects.Values)
            {
                writer.Write((byte)s.Kind);
                writer.Write(s.Name);
                writer.Write7BitEncodedInt64(s.Count);
                writer.Write7BitEncodedInt64(s.Successes);
                writer.Write7BitEncodedInt64(s.Failures);
                s.Durations.WriteTo(writer);
                writer.Write7BitEncodedInt64(s.SlowCount);
                if (s.SlowCount > 0)
                {
                    writer.Write(s.SlowFirst.UtcTicks);
                    writer.Write(s.SlowLast.UtcTicks);
                }

                writer.Write(s.Cost);
                writer.Write7BitEncodedInt64(s.PromptTokens);
                writer.Write7BitEncodedInt64(s.CompletionTokens);
            }

            writer.Write7BitEncodedInt(evidence.Outcomes.Count);
            foreach (var o in evidence.Outcomes.Values)
            {
                writer.Write(o.ImprovementId);
                writer.Write(o.Split.UtcTicks);
                writer.Write(o.MeasuredAt.UtcTicks);
                writer.Write(o.BeforeFrom?.UtcTicks ?? -1);
                writer.Write(o.AfterTo?.UtcTicks ?? -1);
                writer.Write7BitEncodedInt(o.Excluded.Count);
                foreach (var (from, to) in o.Excluded)
                {
                    writer.Write(from.UtcTicks);
                    writer.Write(to.UtcTicks);
                }

                foreach (var outcomes in new[] { o.Before, o.After, o.OutsideBefore, o.OutsideAfter })
                {
                    writer.Write7BitEncodedInt64(outcomes.Tasks);
                    writer.Write7BitEncodedInt64(outcomes.Successes);
                    WriteSample(writer, outcomes.Costs);
                    WriteSample(writer, outcomes.Durations);
                }
            }

            var detail = FleetDetailFormat.Write(evidence.Detail, evidence.Subjects);
            writer.Write7BitEncodedInt(detail.Length);
            writer.Write(detail);
        }

        return stream.ToArray();
    }

    /// <summary>Reads evidence written by <see cref="Write"/>.</summary>
    /// <param name="data">
    /// The bytes (read in place when they are an array's, as a store returns them: an aggregate of 10,000 subjects is 10
    /// MB). The subjects' kept durations stay in them until a sketch changes (<see cref="QuantileSketch.ReadFrom"/>), so
    /// they must not change while the evidence is in use.
    /// </param>
    /// <param name="source">Names where the bytes come from (for example the instance), for the error message.</param>
    /// <exception cref="InvalidDataException">The bytes are not evidence of this version, or are cut short or inconsistent; the message names <paramref name="source"/>.</exception>
    public static FleetEvidence Read(ReadOnlyMemory<byte> data, string source)
    {
        try
        {
            using var stream = OpenRead(data);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException("it does not start with the fleet evidence marker");
            }

            var version = reader.ReadByte();
            if (version != Version)
            {
                throw new InvalidDataException($"it is of version {version}; this library reads version {Version} (an instance runs another version of Alpha.Learning)");
            }

            var evidence = new FleetEvidence { Events = Count(reader) };
            var templates = reader.Read7BitEncodedInt();
            Check(templates >= 0 && templates <= data.Length, "a negative or impossible template count");
            for (var i = 0; i < templates; i++)
            {
                var t = new TemplateEvidence { ErrorType = Text(reader), Transient = reader.ReadBoolean(), Text = Text(reader) };
                t.Count = Count(reader);
                t.FirstSeen = Instant(reader);
                t.LastSeen = Instant(reader);
                ReadList(reader, t.Examples);
                ReadList(reader, t.Tasks);
                ReadList(reader, t.Tools);
                evidence.Templates.Add(t);
            }

            var subjects = reader.Read7BitEncodedInt();
            Check(subjects >= 0 && subjects <= data.Length, "a negative or impossible subject count");
            for (var i = 0; i < subjects; i++)
            {
                var kind = (SubjectKind)reader.ReadByte();
                Check(Enum.IsDefined(kind), "an unknown subject kind");
                var s = new SubjectEvidence { Kind = kind, Name = Text(reader) };
                s.Count = Count(reader);
                s.Successes = Count(reader);
                s.Failures = Count(reader);
                s.SetDurations(QuantileSketch.ReadFrom(reader, borrow: true));
                s.SlowCount = Count(reader);
                if (s.SlowCount > 0)
                {
                    s.SlowFirst = Instant(reader);
                    s.SlowLast = Instant(reader);
                }

                s.Cost = reader.ReadDouble();
                Check(double.IsFinite(s.Cost) && s.Cost >= 0, "a cost that is negative or not finite");
                s.PromptTokens = Count(reader);
                s.CompletionTokens = Count(reader);
                Check(evidence.Subjects.TryAdd((kind, s.Name), s), "a subject listed twice");
            }

            var outcomes = reader.Read7BitEncodedInt();
            Check(outcomes >= 0 && outcomes <= data.Length, "a negative or impossible count of measured improvements");
            for (var i = 0; i < outcomes; i++)
            {
                var id = Text(reader);
                var split = Instant(reader);
                var measuredAt = Instant(reader);
                var beforeFrom = OptionalInstant(reader);
                var afterTo = OptionalInstant(reader);
                var excludedCount = reader.Read7BitEncodedInt();
                Check(excludedCount >= 0 && excludedCount <= 10_000, "a negative or oversized list of excluded periods");
                var excluded = new List<(DateTimeOffset, DateTimeOffset)>(excludedCount);
                for (var k = 0; k < excludedCount; k++)
                {
                    excluded.Add((Instant(reader), Instant(reader)));
                }

                var o = new FleetOutcome
                {
                    ImprovementId = id, Split = split, MeasuredAt = measuredAt, BeforeFrom = beforeFrom, AfterTo = afterTo, Excluded = excluded,
                    Before = Outcomes(reader), After = Outcomes(reader), OutsideBefore = Outcomes(reader), OutsideAfter = Outcomes(reader),
                };
                Check(evidence.Outcomes.TryAdd(id, o), "an improvement measured twice");
            }

            var detailLength = reader.Read7BitEncodedInt();
            Check(detailLength >= 0, "a block of detector figures of negative length");
            if (detailLength > stream.Length - stream.Position)
            {
                throw new EndOfStreamException(); // the block is cut short
            }
            stream.TryGetBuffer(out var buffer);
            evidence.Detail = FleetDetailFormat.Read(buffer.Slice((int)stream.Position, detailLength), evidence.Subjects);
            stream.Position += detailLength;

            Check(stream.Position == stream.Length, "bytes after the end");
            return evidence;
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or FormatException or ArgumentException or DecoderFallbackException)
        {
            var what = ex is EndOfStreamException ? "it is cut short" : ex.Message;
            throw new InvalidDataException($"The fleet evidence of {source} ({data.Length} bytes) cannot be read: {what}.", ex);
        }
    }

    private static MemoryStream OpenRead(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(data.ToArray(), 0, data.Length, writable: false, publiclyVisible: true);

    private static void WriteSample(BinaryWriter writer, MetricSample sample)
    {
        writer.Write7BitEncodedInt64(sample.Bad);
        writer.Write7BitEncodedInt64(sample.Total);
        writer.Write7BitEncodedInt(sample.Values.Count);
        foreach (var value in sample.Values)
        {
            writer.Write(value);
        }
    }

    private static ScopeOutcomes Outcomes(BinaryReader reader)
    {
        var tasks = Count(reader);
        var successes = Count(reader);
        Check(successes <= tasks, "more successes than task runs");
        return ScopeOutcomes.Restore(tasks, successes, Sample(reader), Sample(reader));
    }

    private static MetricSample Sample(BinaryReader reader)
    {
        var bad = Count(reader);
        var total = Count(reader);
        var count = reader.Read7BitEncodedInt();
        Check(count >= 0 && count <= MetricSample.ReservoirSize && count <= total, "a negative or oversized sample");
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
            Check(double.IsFinite(values[i]), "a sample value that is not finite");
        }

        return MetricSample.Restore(false, bad, total, values);
    }

    private static DateTimeOffset? OptionalInstant(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        if (ticks == -1)
        {
            return null;
        }

        Check(ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks, "an instant out of range");
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static void ReadList(BinaryReader reader, List<string> values)
    {
        var count = reader.Read7BitEncodedInt();
        Check(count >= 0 && count <= 1000, "a negative or oversized list");
        for (var i = 0; i < count; i++)
        {
            values.Add(Text(reader));
        }
    }
}
