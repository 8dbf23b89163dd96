using System.Text;

using Alpha.Learning.Analysis.Internal;

using static Alpha.Learning.Fleet.Internal.FleetBinary;

namespace Alpha.Learning.Fleet.Internal;

/// <summary>
/// The binary form of <see cref="FleetDetail"/>, written as one length-prefixed block of the fleet evidence (format
/// version 3 of <see cref="FleetEvidenceFormat"/>): the timeouts' template table, then the figures per task type
/// (timeouts), per model (cost), the tool table, per tool (repeats and retries), per task type (chains) and per task
/// type (successes). Strings as UTF-8 with a length prefix, counts as variable-length integers, instants as UTC ticks,
/// sketches as <see cref="QuantileSketch.WriteTo"/> writes them. A task type's sketch of successful durations that holds
/// what the task subject's duration sketch holds (the usual case: both take every completed run's duration) is written
/// as a marker, and read back as that same sketch object, so it is decoded (and merged) once.
/// </summary>
internal static class FleetDetailFormat
{

    private const byte OwnSketch = 1;
    private const byte SubjectSketch = 0;

    /// <param name="detail">The detector figures.</param>
    /// <param name="subjects">The evidence's subjects (written before this block), whose task sketches may be shared.</param>
    public static byte[] Write(FleetDetail detail, Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> subjects)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt(detail.TimeoutTemplates.Count);
            foreach (var (id, text) in detail.TimeoutTemplates)
            {
                writer.Write7BitEncodedInt(id);
                writer.Write(text);
            }

            writer.Write7BitEncodedInt(detail.Timeouts.Count);
            foreach (var (task, t) in detail.Timeouts)
            {
                writer.Write(task);
                WriteOccurrence(writer, t.Timeouts);
                writer.Write7BitEncodedInt64(t.Runs);
                WriteSketch(writer, t.SuccessDurations, task, subjects);
                WriteList(writer, t.Examples);
                WriteList(writer, t.ErrorTypes);
                writer.Write7BitEncodedInt(t.Templates.Count);
                foreach (var (id, count) in t.Templates)
                {
                    writer.Write7BitEncodedInt(id);
                    writer.Write7BitEncodedInt64(count);
                }

                writer.Write7BitEncodedInt64(t.DurationOnly);
            }

            writer.Write7BitEncodedInt(detail.Models.Count);
            foreach (var (model, m) in detail.Models)
            {
                writer.Write(model);
                writer.Write7BitEncodedInt64(m.Calls);
                writer.Write7BitEncodedInt64(m.PricedCalls);
                writer.Write(m.TotalCost);
                WriteOccurrence(writer, m.Expensive);
                WriteOccurrence(writer, m.Unpriced);
                m.Costs.WriteTo(writer);
                writer.Write7BitEncodedInt(m.ByTaskType.Count);
                foreach (var (task, outcome) in m.ByTaskType)
                {
                    writer.Write(task);
                    writer.Write7BitEncodedInt64(outcome.Runs);
                    writer.Write7BitEncodedInt64(outcome.Successes);
                }
            }

            WriteList(writer, detail.ToolNames);
            writer.Write7BitEncodedInt(detail.Tools.Count);
            foreach (var (tool, w) in detail.Tools)
            {
                writer.Write(tool);
                writer.Write7BitEncodedInt(w.Id);
                writer.Write7BitEncodedInt64(w.Calls);
                writer.Write7BitEncodedInt64(w.Redundant);
                writer.Write7BitEncodedInt64(w.RetryLoops);
                WriteOccurrence(writer, w.Waste);
                WriteList(writer, w.TaskTypes);
                WriteList(writer, w.Examples);
            }

            writer.Write7BitEncodedInt(detail.Chains.Count);
            foreach (var (task, c) in detail.Chains)
            {
                writer.Write(task);
                writer.Write7BitEncodedInt64(c.Runs);
                writer.Write7BitEncodedInt64(c.Failures);
                WriteOccurrence(writer, c.Failed);
                writer.Write7BitEncodedInt(c.Chains.Count);
                foreach (var (chain, counts) in c.Chains)
                {
                    writer.Write7BitEncodedInt((int)(chain >> 32));
                    writer.Write7BitEncodedInt((int)(chain & 0xFFFFFFFF));
                    writer.Write7BitEncodedInt64(counts.Failing);
                    writer.Write7BitEncodedInt64(counts.Succeeding);
                }
            }

            writer.Write7BitEncodedInt(detail.Successes.Count);
            foreach (var (task, s) in detail.Successes)
            {
                writer.Write(task);
                writer.Write7BitEncodedInt64(s.Runs);
                WriteOccurrence(writer, s.Successes);
                WriteSketch(writer, s.Durations, task, subjects);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads a block written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The block is inconsistent (the message says how; the caller names the instance).</exception>
    /// <exception cref="EndOfStreamException">The block is cut short.</exception>
    /// <param name="data">The block (read in place).</param>
    /// <param name="subjects">The evidence's subjects, read before this block.</param>
    public static FleetDetail Read(ArraySegment<byte> data, Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> subjects)
    {
        using var stream = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var detail = new FleetDetail();
        var templates = Length(reader, data.Count, "timeout templates");
        for (var i = 0; i < templates; i++)
        {
            var id = reader.Read7BitEncodedInt();
            Check(detail.TimeoutTemplates.TryAdd(id, Text(reader)), "a timeout template listed twice");
        }

        ReadTimeouts(reader, detail, data.Count, subjects);
        ReadModels(reader, detail, data.Count);
        ReadTools(reader, detail, data.Count);
        ReadChains(reader, detail, data.Count);
        var successes = Length(reader, data.Count, "task types (successes)");
        for (var i = 0; i < successes; i++)
        {
            var task = Text(reader);
            var s = new SuccessTaskStats { Runs = Count(reader) };
            ReadOccurrence(reader, s.Successes);
            s.SetDurations(ReadSketch(reader, task, subjects));
            Check(s.Successes.Count <= s.Runs && s.Durations.Count <= s.Successes.Count, "more successes or successful durations than runs of a task type");
            Check(detail.Successes.TryAdd(task, s), "a task type listed twice (successes)");
        }

        Check(stream.Position == stream.Length, "bytes after the end of the detector figures");
        return detail;
    }

    private static void ReadTimeouts(BinaryReader reader, FleetDetail detail, int size, Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> subjects)
    {
        var tasks = Length(reader, size, "task types (timeouts)");
        for (var i = 0; i < tasks; i++)
        {
            var task = Text(reader);
            var t = new TimeoutTaskStats();
            ReadOccurrence(reader, t.Timeouts);
            t.Runs = Count(reader);
            t.SetSuccessDurations(ReadSketch(reader, task, subjects));
            ReadList(reader, t.Examples);
            ReadList(reader, t.ErrorTypes);
            var templates = Length(reader, TimeoutTaskStats.MaxTemplates, "templates of a task type's timeouts");
            for (var k = 0; k < templates; k++)
            {
                var id = reader.Read7BitEncodedInt();
                Check(detail.TimeoutTemplates.ContainsKey(id), "a timeout template id missing from the table");
                Check(t.Templates.TryAdd(id, Count(reader)), "a timeout template counted twice");
            }

            t.DurationOnly = Count(reader);
            Check(t.DurationOnly <= t.Timeouts.Count, "more timeouts by duration than timeouts");
            Check(detail.Timeouts.TryAdd(task, t), "a task type listed twice (timeouts)");
        }
    }

    private static void ReadModels(BinaryReader reader, FleetDetail detail, int size)
    {
        var models = Length(reader, size, "models");
        for (var i = 0; i < models; i++)
        {
            var model = Text(reader);
            var m = new ModelCostStats { Calls = Count(reader), PricedCalls = Count(reader), TotalCost = reader.ReadDouble() };
            Check(double.IsFinite(m.TotalCost) && m.TotalCost >= 0, "a model cost that is negative or not finite");
            ReadOccurrence(reader, m.Expensive);
            ReadOccurrence(reader, m.Unpriced);
            m.SetCosts(QuantileSketch.ReadFrom(reader));
            Check(m.PricedCalls + m.Unpriced.Count <= m.Calls && m.Expensive.Count <= m.PricedCalls, "more priced, unpriced or expensive calls than calls of a model");
            var tasks = Length(reader, ModelCostStats.MaxTaskTypes, "task types of a model");
            for (var k = 0; k < tasks; k++)
            {
                var task = Text(reader);
                var runs = Count(reader);
                var successes = Count(reader);
                Check(successes <= runs && !m.ByTaskType.ContainsKey(task), "a task type of a model listed twice or with more successes than runs");
                m.AddOutcome(task, runs, successes);
            }

            Check(detail.Models.TryAdd(model, m), "a model listed twice");
        }
    }

    private static void ReadTools(BinaryReader reader, FleetDetail detail, int size)
    {
        var names = Length(reader, size, "tool names");
        for (var i = 0; i < names; i++)
        {
            detail.ToolNames.Add(Text(reader));
        }

        var tools = Length(reader, size, "tools");
        for (var i = 0; i < tools; i++)
        {
            var tool = Text(reader);
            var id = reader.Read7BitEncodedInt();
            Check(id >= 0 && id < detail.ToolNames.Count && detail.ToolNames[id] == tool, "a tool whose id does not name it in the tool table");
            var w = new ToolWasteStats { Id = id, Calls = Count(reader), Redundant = Count(reader), RetryLoops = Count(reader) };
            ReadOccurrence(reader, w.Waste);
            Check(w.Redundant + w.RetryLoops == w.Waste.Count && w.Waste.Count <= w.Calls, "repeated calls that do not add up or outnumber the calls of a tool");
            ReadList(reader, w.TaskTypes);
            ReadList(reader, w.Examples);
            Check(detail.Tools.TryAdd(tool, w), "a tool listed twice");
        }
    }

    private static void ReadChains(BinaryReader reader, FleetDetail detail, int size)
    {
        var tasks = Length(reader, size, "task types (chains)");
        for (var i = 0; i < tasks; i++)
        {
            var task = Text(reader);
            var c = new TaskChainStats { Runs = Count(reader), Failures = Count(reader) };
            ReadOccurrence(reader, c.Failed);
            Check(c.Failures == c.Failed.Count && c.Failures <= c.Runs, "failures that do not add up or outnumber the runs of a task type");
            var chains = Length(reader, TaskChainStats.MaxChains, "chains of a task type");
            for (var k = 0; k < chains; k++)
            {
                var first = reader.Read7BitEncodedInt();
                var second = reader.Read7BitEncodedInt();
                Check(first >= 0 && first < detail.ToolNames.Count && second >= 0 && second < detail.ToolNames.Count, "a chain of a tool missing from the tool table");
                var key = TaskChainStats.Chain(first, second);
                Check(!c.Chains.ContainsKey(key), "a chain listed twice");
                c.AddChain(key, Count(reader), Count(reader));
            }

            Check(detail.Chains.TryAdd(task, c), "a task type listed twice (chains)");
        }
    }

    private static void WriteSketch(BinaryWriter writer, QuantileSketch sketch, string task, Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> subjects)
    {
        if (subjects.TryGetValue((SubjectKind.Task, task), out var subject) && subject.Durations.SameAs(sketch))
        {
            writer.Write(SubjectSketch);
            return;
        }

        writer.Write(OwnSketch);
        sketch.WriteTo(writer);
    }

    private static QuantileSketch ReadSketch(BinaryReader reader, string task, Dictionary<(SubjectKind Kind, string Name), SubjectEvidence> subjects)
    {
        var marker = reader.ReadByte();
        if (marker == OwnSketch)
        {
            return QuantileSketch.ReadFrom(reader);
        }

        Check(marker == SubjectSketch, "an unknown sketch marker");
        Check(subjects.TryGetValue((SubjectKind.Task, task), out var subject), "a task type's sketch shared with a task subject that is missing");
        return subject!.Durations;
    }

    private static void WriteOccurrence(BinaryWriter writer, Occurrence occurrence)
    {
        writer.Write7BitEncodedInt64(occurrence.Count);
        if (occurrence.Count > 0)
        {
            writer.Write(occurrence.First.UtcTicks);
            writer.Write(occurrence.Last.UtcTicks);
        }
    }

    private static void ReadOccurrence(BinaryReader reader, Occurrence into)
    {
        var count = Count(reader);
        if (count > 0)
        {
            var first = Instant(reader);
            var last = Instant(reader);
            Check(first <= last, "a first instant after the last");
            into.Add(count, first, last);
        }
    }

    private static void ReadList(BinaryReader reader, List<string> values)
    {
        // Each name takes at least its length byte, so a list cannot be longer than the block.
        var count = Length(reader, (int)reader.BaseStream.Length, "names");
        for (var i = 0; i < count; i++)
        {
            values.Add(Text(reader));
        }
    }

    private static int Length(BinaryReader reader, int max, string what)
    {
        var count = reader.Read7BitEncodedInt();
        Check(count >= 0 && count <= max, "a negative or impossible count of " + what);
        return count;
    }
}
