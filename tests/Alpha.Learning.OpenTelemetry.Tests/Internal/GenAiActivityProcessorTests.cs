using System.Diagnostics;

using Alpha.Learning.OpenTelemetry.Internal;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.OpenTelemetry.Tests.Internal;

/// <summary>
/// The exporter never throws into the host: a full disk, an unwritable folder, a full queue or an activity it cannot map
/// is counted and reported through the host's logger, and the exporter writes again once the cause is gone.
/// </summary>
public sealed class GenAiActivityProcessorTests : IDisposable
{
    private static readonly DateTime Day = new(2026, 1, 15, 10, 0, 0, DateTimeKind.Utc);

    private readonly string _sourceName = "Tests.Exporter." + Guid.NewGuid().ToString("N");
    private readonly ActivitySource _source;
    private readonly ActivityListener _listener;
    private readonly CollectingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public GenAiActivityProcessorTests()
    {
        _source = new ActivitySource(_sourceName);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == _sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _source.Dispose();
        _loggerFactory.Dispose();
    }

    [Fact]
    public void OnEnd_LogFolderUnderAFile_CountsEveryLostEventAndLogsTheFailureOnce()
    {
        using var folder = new TempFolder();
        var blocker = Path.Combine(folder.Path, "not-a-folder");
        File.WriteAllText(blocker, "a file where the log folder should be");
        using var processor = Processor(Path.Combine(blocker, "logs"));

        var host = () => AgentRun(processor, runs: 3);

        host.Should().NotThrow();
        processor.ForceFlush().Should().BeFalse("the writes failed");
        processor.Writer.Written.Should().Be(0);
        processor.Writer.WriteFailed.Should().Be(3 * 4, "each run's task start, chat, tool call and task end are lost and counted");
        _logs.Messages.Count(m => m.Contains("could not write execution events", StringComparison.Ordinal)).Should().Be(1, "one failure streak, one message");
    }

    [Fact]
    public void OnEnd_DiskFull_CountsTheLossAndWritesAgainWhenSpaceReturns()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/dev/full"))
        {
            return; // /dev/full (every write fails with ENOSPC) is how a full disk is made here
        }

        using var folder = new TempFolder();
        var logFile = Path.Combine(folder.Path, $"execution-{Day:yyyy-MM-dd}.jsonl");
        File.CreateSymbolicLink(logFile, "/dev/full");
        using var processor = Processor(folder.Path);

        var host = () => AgentRun(processor, runs: 2);

        host.Should().NotThrow();
        processor.ForceFlush().Should().BeFalse("the disk is full");
        processor.Writer.WriteFailed.Should().Be(2 * 4);
        processor.Writer.Written.Should().Be(0);
        _logs.Messages.Should().ContainSingle(m => m.Contains("could not write execution events", StringComparison.Ordinal));

        File.Delete(logFile); // space again
        AgentRun(processor, runs: 1);
        processor.ForceFlush().Should().BeTrue();
        processor.Writer.Written.Should().Be(4);
        processor.Writer.WriteFailed.Should().Be(2 * 4, "what was lost stays counted");
        _logs.Messages.Should().ContainSingle(m => m.Contains("again; 8 events were lost", StringComparison.Ordinal));
        File.ReadAllLines(logFile).Should().HaveCount(4);
    }

    [Fact]
    public void OnEnd_QueueFull_DropsCountsAndLogsOnceWithoutThrowing()
    {
        using var folder = new TempFolder();
        using var processor = Processor(folder.Path, queueCapacity: 10);
        var calls = 2_000;

        var host = () =>
        {
            for (var i = 0; i < calls; i++)
            {
                processor.OnEnd(Chat());
            }
        };

        host.Should().NotThrow();
        processor.ForceFlush().Should().BeTrue();
        processor.Writer.QueueFull.Should().BeGreaterThan(0);
        (processor.Writer.QueueFull + (processor.Writer.Written / 3)).Should().Be(calls, "each root chat is its own task (three events); every other call is counted as dropped");
        _logs.Messages.Count(m => m.Contains("queue is full (10 activities)", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public void OnEnd_ActivityThatCannotBeRead_IsCountedAndLoggedNotThrown()
    {
        using var folder = new TempFolder();
        using var processor = Processor(folder.Path);
        using var activity = _source.StartActivity("chat")!;
        activity.SetTag("gen_ai.operation.name", new ThrowingTag());
        activity.Stop();

        var host = () => processor.OnEnd(activity);

        host.Should().NotThrow();
        processor.Writer.MappingFailed.Should().Be(1);
        _logs.Messages.Should().Contain(m => m.Contains("could not map an activity", StringComparison.Ordinal));
    }

    private GenAiActivityProcessor Processor(string logFolder, int queueCapacity = 10_000)
    {
        var options = new AlphaLearningExporterOptions { QueueCapacity = queueCapacity };
        options.Log.Directory = logFolder;
        options.Sources.Add(_sourceName);
        return new GenAiActivityProcessor(options, Alpha.Learning.OpenTelemetry.Internal.SourceFilter.Create(options.Sources), _loggerFactory);
    }

    /// <summary>Runs an agent with a chat and a tool call, <paramref name="runs"/> times; the processor sees each end, as the SDK would call it.</summary>
    private void AgentRun(GenAiActivityProcessor processor, int runs)
    {
        for (var run = 0; run < runs; run++)
        {
            using var agent = _source.StartActivity("invoke_agent travel")!;
            agent.SetStartTime(Day);
            agent.SetTag("gen_ai.operation.name", "invoke_agent").SetTag("gen_ai.agent.name", "travel");
            var chat = Chat(); // the agent is the current activity: its parent
            processor.OnEnd(chat);
            using (var tool = _source.StartActivity("execute_tool get_weather")!)
            {
                tool.SetStartTime(Day.AddSeconds(2));
                tool.SetTag("gen_ai.operation.name", "execute_tool").SetTag("gen_ai.tool.name", "get_weather");
                tool.SetEndTime(Day.AddSeconds(3));
                tool.Stop();
                processor.OnEnd(tool);
            }

            agent.SetEndTime(Day.AddSeconds(4));
            agent.Stop();
            processor.OnEnd(agent);
        }
    }

    private Activity Chat()
    {
        using var chat = _source.StartActivity("chat gpt-4o", ActivityKind.Client)!;
        chat.SetStartTime(Day.AddSeconds(1));
        chat.SetTag("gen_ai.operation.name", "chat").SetTag("gen_ai.request.model", "gpt-4o").SetTag("gen_ai.usage.input_tokens", 100);
        chat.SetEndTime(Day.AddSeconds(2));
        chat.Stop();
        return chat;
    }

    private sealed class ThrowingTag
    {
        public override string ToString() => throw new InvalidOperationException("a tag that cannot be read");
    }
}
