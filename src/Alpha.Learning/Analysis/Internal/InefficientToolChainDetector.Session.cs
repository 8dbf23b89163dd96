using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>The per-analysis observation of <c>inefficient_tool_chain</c>: per-task call sequences, repeats, retries and failing chains.</summary>
internal sealed partial class InefficientToolChainDetector
{
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
        private readonly Dictionary<string, ToolWasteStats> _tools = new(StringComparer.Ordinal);
        private readonly List<string> _toolNames = [];
        private readonly Dictionary<string, TaskChainStats> _taskTypes = new(StringComparer.Ordinal);
        private readonly OpenTaskTable<OpenTask> _open;

        public Session(AnalysisContext context)
        {
            _context = context;
            _options = context.Options;
            _open = new OpenTaskTable<OpenTask>(_options.MaxOpenTasks, _options.OpenTaskStaleAfter, static () => new OpenTask(), OpenTask.Reset);
        }

        internal int OpenTasks => _open.Count;

        /// <summary>Gets the tools seen so far (what a fleet instance reports of them).</summary>
        internal IReadOnlyDictionary<string, ToolWasteStats> Tools => _tools;

        /// <summary>Gets the tool names by <see cref="ToolWasteStats.Id"/> (the chains' keys are pairs of these ids).</summary>
        internal IReadOnlyList<string> ToolNames => _toolNames;

        /// <summary>Gets the task types' runs and chains seen so far.</summary>
        internal IReadOnlyDictionary<string, TaskChainStats> TaskTypes => _taskTypes;

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

                stats = new ToolWasteStats { Id = _toolNames.Count };
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
                open.Chains.Add(TaskChainStats.Chain(open.LastTool, stats.Id));
            }

            if (open.Tools.Count < 4 && !open.Tools.Contains(tool))
            {
                open.Tools.Add(tool);
            }

            open.LastCall = key;
            open.LastFailed = failed;
            open.LastTool = stats.Id;
        }

        private void AddExample(ToolWasteStats stats, string? parameters)
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
                type.AddChain(chain, success ? 0 : 1, success ? 1 : 0);
            }
        }

        public override IReadOnlyList<LogPattern> GetPatterns() => Patterns(_tools, _toolNames, _taskTypes, _options, _context.Now);
    }
}
