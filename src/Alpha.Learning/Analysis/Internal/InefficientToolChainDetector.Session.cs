using Alpha.Learning.Logs;

using static Alpha.Learning.Internal.InvariantText;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>The per-analysis observation of <c>inefficient_tool_chain</c>: per-task call sequences, repeats, retries and failing chains.</summary>
internal sealed partial class InefficientToolChainDetector
{
    private sealed class ToolStats
    {
        public int Id { get; init; }

        public long Calls { get; set; }

        public long Redundant { get; set; }

        public long RetryLoops { get; set; }

        public Occurrence Waste { get; } = new();

        public List<string> TaskTypes { get; } = [];

        public List<string> Examples { get; } = [];
    }

    private sealed class ChainCounts
    {
        public long Failing { get; set; }

        public long Succeeding { get; set; }
    }

    private sealed class TaskTypeStats
    {
        public long Runs { get; set; }

        public long Failures { get; set; }

        public Occurrence Failed { get; } = new();

        public Dictionary<long, ChainCounts> Chains { get; } = [];
    }

    private sealed class OpenTask
    {
        public SmallLongSet Calls { get; } = new();

        public SmallLongSet Chains { get; } = new();

        public long LastCall { get; set; } = -1;

        public bool LastFailed { get; set; }

        public int LastTool { get; set; } = -1;

        public List<string> Tools { get; } = new(4);

        public static void Reset(OpenTask task)
        {
            task.Calls.Clear();
            task.Chains.Clear();
            task.LastCall = -1;
            task.LastFailed = false;
            task.LastTool = -1;
            task.Tools.Clear();
        }
    }

    internal sealed class Session : DetectorSession
    {
        private readonly AnalysisContext _context;
        private readonly AnalysisOptions _options;
        private readonly Dictionary<string, ToolStats> _tools = new(StringComparer.Ordinal);
        private readonly List<string> _toolNames = [];
        private readonly Dictionary<string, TaskTypeStats> _taskTypes = new(StringComparer.Ordinal);
        private readonly OpenTaskTable<OpenTask> _open;

        public Session(AnalysisContext context)
        {
            _context = context;
            _options = context.Options;
            _open = new OpenTaskTable<OpenTask>(_options.MaxOpenTasks, _options.OpenTaskStaleAfter, static () => new OpenTask(), OpenTask.Reset);
        }

        internal int OpenTasks => _open.Count;

        public override void Observe(ExecutionEvent executionEvent)
        {
            switch (executionEvent.Kind)
            {
                case ExecutionEventKind.ToolExecution when executionEvent.ToolName is { } tool:
                    ObserveCall(executionEvent, tool);
                    break;
                case ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError when executionEvent.TaskId is { } taskId:
                    var open = _open.Remove(taskId);
                    if (open is not null && executionEvent.TaskName is { } taskName)
                    {
                        EndTask(open, taskName, executionEvent.Kind == ExecutionEventKind.TaskComplete, executionEvent.Timestamp);
                    }

                    break;
            }
        }

        private void ObserveCall(ExecutionEvent e, string tool)
        {
            if (!_tools.TryGetValue(tool, out var stats))
            {
                if (_tools.Count >= _options.MaxSubjects)
                {
                    return;
                }

                stats = new ToolStats { Id = _toolNames.Count };
                _tools.Add(tool, stats);
                _toolNames.Add(tool);
            }

            stats.Calls++;
            if (e.TaskId is not { } taskId)
            {
                return;
            }

            var open = _open.Touch(taskId, e.Timestamp);
            var parameters = e.Parameters is null ? 0 : (uint)string.GetHashCode(e.Parameters, StringComparison.Ordinal);
            var key = ((long)stats.Id << 32) | parameters;
            var failed = e.Success == false;
            if (open.LastCall == key && open.LastFailed)
            {
                stats.RetryLoops++;
                stats.Waste.Add(e.Timestamp);
                AddExample(stats, e.Parameters);
            }
            else if (open.Calls.Contains(key))
            {
                stats.Redundant++;
                stats.Waste.Add(e.Timestamp);
                AddExample(stats, e.Parameters);
            }
            else if (open.Calls.Count < _options.MaxCallsPerTask)
            {
                open.Calls.Add(key);
            }

            if (open.LastTool >= 0 && open.LastTool != stats.Id && open.Chains.Count < MaxChainsPerTask)
            {
                open.Chains.Add(((long)open.LastTool << 32) | (uint)stats.Id);
            }

            if (open.Tools.Count < 4 && !open.Tools.Contains(tool))
            {
                open.Tools.Add(tool);
            }

            open.LastCall = key;
            open.LastFailed = failed;
            open.LastTool = stats.Id;
        }

        private void AddExample(ToolStats stats, string? parameters)
        {
            if (stats.Examples.Count < _options.MaxExamples)
            {
                stats.Examples.Add(TextUtil.Example(parameters ?? "(no parameters)", _options.ExampleMaxLength));
            }
        }

        private void EndTask(OpenTask open, string taskName, bool success, DateTimeOffset at)
        {
            foreach (var tool in open.Tools)
            {
                if (_tools.TryGetValue(tool, out var stats))
                {
                    DetectorSupport.AddDistinct(stats.TaskTypes, taskName, _options.MaxAffectedNames);
                }
            }

            var type = DetectorSupport.GetOrAdd(_taskTypes, taskName, _options.MaxSubjects);
            if (type is null)
            {
                return;
            }

            type.Runs++;
            if (!success)
            {
                type.Failures++;
                type.Failed.Add(at);
            }

            foreach (var chain in open.Chains)
            {
                if (!type.Chains.TryGetValue(chain, out var counts))
                {
                    if (type.Chains.Count >= MaxChainsPerTaskType)
                    {
                        continue;
                    }

                    counts = new ChainCounts();
                    type.Chains.Add(chain, counts);
                }

                if (success)
                {
                    counts.Succeeding++;
                }
                else
                {
                    counts.Failing++;
                }
            }
        }

        public override IReadOnlyList<LogPattern> GetPatterns()
        {
            var patterns = new List<LogPattern>();
            foreach (var (tool, stats) in _tools)
            {
                var wasted = stats.Redundant + stats.RetryLoops;
                if (wasted < _options.ChainMinOccurrences)
                {
                    continue;
                }

                var metadata = DetectorSupport.Metadata(LogPattern.ToolSubject);
                metadata["calls"] = stats.Calls;
                metadata["redundant_calls"] = stats.Redundant;
                metadata["retry_loops"] = stats.RetryLoops;
                metadata["wasted_rate"] = Statistics.Round((double)wasted / stats.Calls);
                metadata["task_types"] = DetectorSupport.Sorted(stats.TaskTypes);
                patterns.Add(new LogPattern
                {
                    Type = PatternType.InefficientToolChain,
                    Subject = LogPattern.ToolSubject,
                    Key = tool,
                    Description = Inv($"Tool {tool}: {stats.Redundant} redundant calls and {stats.RetryLoops} unchanged retries of failed calls in {stats.Calls} calls."),
                    Occurrences = wasted,
                    ImpactScore = Statistics.Impact(wasted, stats.Waste.Last, _context.Now, 30, _options.RecencyHalfLife, Math.Clamp(0.5 + ((double)wasted / stats.Calls), 0, 1)),
                    FirstSeen = stats.Waste.First,
                    LastSeen = stats.Waste.Last,
                    Examples = [.. stats.Examples],
                    Metadata = metadata,
                });
            }

            foreach (var (taskName, type) in _taskTypes)
            {
                if (type.Failures < _options.FailureChainMinFailures || type.Runs == 0)
                {
                    continue;
                }

                var baseRate = (double)type.Failures / type.Runs;
                long bestChain = -1;
                var bestLift = 0.0;
                ChainCounts? best = null;
                foreach (var (chain, counts) in type.Chains)
                {
                    var with = counts.Failing + counts.Succeeding;
                    if (counts.Failing < _options.FailureChainMinFailures || (double)with / type.Runs < _options.FailureChainMinSupport)
                    {
                        continue;
                    }

                    var lift = (double)counts.Failing / with / baseRate;
                    if (lift >= _options.FailureChainMinLift && (lift > bestLift || (lift == bestLift && chain < bestChain)))
                    {
                        bestLift = lift;
                        bestChain = chain;
                        best = counts;
                    }
                }

                if (best is null)
                {
                    continue;
                }

                var chainText = string.Concat(_toolNames[(int)(bestChain >> 32)], " -> ", _toolNames[(int)(bestChain & 0xFFFFFFFF)]);
                var metadata = DetectorSupport.Metadata(LogPattern.TaskSubject);
                metadata["chain"] = chainText;
                metadata["lift"] = Statistics.Round(bestLift);
                metadata["support"] = Statistics.Round((double)(best.Failing + best.Succeeding) / type.Runs);
                metadata["failing_with_chain"] = best.Failing;
                metadata["succeeding_with_chain"] = best.Succeeding;
                metadata["runs"] = type.Runs;
                metadata["failure_rate"] = Statistics.Round(baseRate);
                patterns.Add(new LogPattern
                {
                    Type = PatternType.InefficientToolChain,
                    Subject = LogPattern.TaskSubject,
                    Key = taskName,
                    Description = Inv($"In task {taskName}, runs with the chain {chainText} fail {bestLift:0.##} times as often as runs overall ({best.Failing} failing, {best.Succeeding} succeeding)."),
                    Occurrences = best.Failing,
                    ImpactScore = Statistics.Impact(best.Failing, type.Failed.Last, _context.Now, 20, _options.RecencyHalfLife, Math.Clamp(bestLift / 4, 0.3, 1)),
                    FirstSeen = type.Failed.First,
                    LastSeen = type.Failed.Last,
                    Metadata = metadata,
                });
            }

            return DetectorSupport.SortedPatterns(patterns);
        }
    }
}
