using System.Runtime.CompilerServices;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Analysis.Internal;

/// <summary>
/// The baseline-relative detector's state for one analysis: per task type, tool, model and error template, one cell a
/// UTC day (counts and log-binned histograms), so any window and baseline can be cut after the pass, whatever the
/// order of the events. Memory grows with subjects × days × the range of values, not with the number of events.
/// </summary>
internal sealed class RegressionSession : DetectorSession
{
    private const string UnknownErrorType = "UnknownError";
    private const string ToolErrorType = "ToolError";
    private readonly AnalysisContext _context;
    private readonly AnalysisOptions _options;
    private readonly ErrorClassifier _classifier;
    private readonly OpenTaskTable<TaskCost> _open;
    private readonly Dictionary<string, ErrorTemplateMiner> _miners = new(StringComparer.Ordinal);
    private readonly InstanceCache<RegressionSeries> _taskCache = new();
    private readonly InstanceCache<RegressionSeries> _toolCache = new();
    private readonly InstanceCache<RegressionSeries> _modelCache = new();
    private readonly InstanceCache<ErrorTemplateMiner> _minerCache = new();
    private bool _any;
    private DateTimeOffset _first;
    private DateTimeOffset _last;

    public RegressionSession(AnalysisContext context)
    {
        _context = context;
        _options = context.Options;
        _classifier = context.ErrorClassifier;
        _open = new OpenTaskTable<TaskCost>(_options.MaxOpenTasks, _options.OpenTaskStaleAfter, static () => new TaskCost(), TaskCost.Reset);
    }

    public Dictionary<string, RegressionSeries> Tasks { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RegressionSeries> Tools { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RegressionSeries> Models { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the activity (task runs and tool calls) per day: the denominator of an error template's share.</summary>
    public RegressionSeries Activity { get; } = new();

    public IReadOnlyDictionary<string, ErrorTemplateMiner> Miners => _miners;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DayOf(DateTimeOffset at) => (int)(at.UtcTicks / TimeSpan.TicksPerDay);

    public override void Observe(ExecutionEvent executionEvent)
    {
        var at = executionEvent.Timestamp;
        var day = DayOf(at);
        switch (executionEvent.Kind)
        {
            case ExecutionEventKind.TaskStart when executionEvent.TaskId is not null:
                // A task's cost is carried from its first priced call (a task without one has no cost to compare), so
                // a start opens nothing: one id lookup less per task.
                break;
            case ExecutionEventKind.TaskComplete or ExecutionEventKind.TaskError:
                ObserveTaskEnd(executionEvent, day);
                break;
            case ExecutionEventKind.ToolExecution when executionEvent.ToolName is { } tool:
                ObserveTool(executionEvent, tool, day);
                break;
            case ExecutionEventKind.LlmInteraction when executionEvent.Model is { } model:
                ObserveCall(executionEvent, model, day);
                break;
            default:
                return;
        }

        if (!_any)
        {
            _first = at;
            _last = at;
            _any = true;
        }
        else if (at > _last)
        {
            _last = at;
        }
        else if (at < _first)
        {
            _first = at;
        }
    }

    public override IReadOnlyList<LogPattern> GetPatterns()
    {
        if (!_any || !_options.Regression.Enabled)
        {
            return [];
        }

        var end = _context.To ?? _last.AddTicks(1);
        return new RegressionEvaluator(this, _options, end, _first).Evaluate();
    }

    private void ObserveTaskEnd(ExecutionEvent e, int day)
    {
        var cost = e.TaskId is { } taskId ? _open.Remove(taskId) : null;
        if (e.TaskName is not { } name || Lookup(Tasks, _taskCache, name) is not { } series)
        {
            return;
        }

        var cell = series.At(day);
        cell.Runs++;
        Activity.At(day).Runs++;
        if (e.Kind == ExecutionEventKind.TaskComplete)
        {
            cell.Successes++;
            if (e.Duration is { } duration)
            {
                (cell.Durations ??= new()).Add(duration);
            }
        }
        else if (TimeoutDetector.IsTaskTimeout(_classifier, _options, e))
        {
            cell.Timeouts++;
            AddError(e, e.ErrorType ?? "TimeoutError", day);
        }
        else
        {
            cell.Errors++;
            AddError(e, e.ErrorType ?? UnknownErrorType, day);
        }

        if (cost is { Calls: > 0 })
        {
            (cell.Costs ??= new()).Add(cost.Cost);
        }
    }

    private void ObserveTool(ExecutionEvent e, string tool, int day)
    {
        if (Lookup(Tools, _toolCache, tool) is not { } series)
        {
            return;
        }

        var cell = series.At(day);
        cell.Runs++;
        Activity.At(day).Runs++;
        if (e.Duration is { } duration)
        {
            (cell.Durations ??= new()).Add(duration);
        }

        if (e.Success == false)
        {
            cell.Errors++;
            if (e.Error is not null || e.ErrorType is not null)
            {
                AddError(e, e.ErrorType ?? ToolErrorType, day);
            }
        }
        else
        {
            cell.Successes++;
        }
    }

    private void ObserveCall(ExecutionEvent e, string model, int day)
    {
        if (Lookup(Models, _modelCache, model) is not { } series)
        {
            return;
        }

        var cell = series.At(day);
        cell.Runs++;
        if (e.Duration is { } duration)
        {
            (cell.Durations ??= new()).Add(duration);
        }

        var tokens = e.TotalTokens ?? (e.PromptTokens is null && e.CompletionTokens is null ? null : (e.PromptTokens ?? 0) + (e.CompletionTokens ?? 0));
        if (tokens is { } t)
        {
            (cell.Tokens ??= new()).Add(t);
        }

        if (!series.PriceResolved)
        {
            series.Price = HighCostDetector.ResolvePrice(_options.ModelPrices, model).Price;
            series.PriceResolved = true;
        }

        double? cost = e.EstimatedCost;
        if (cost is null && series.Price is { } price && (e.PromptTokens is not null || e.CompletionTokens is not null))
        {
            cost = price.Cost(e.PromptTokens ?? 0, e.CompletionTokens ?? 0);
        }

        if (cost is { } value && double.IsFinite(value) && value >= 0)
        {
            (cell.Costs ??= new()).Add(value);
            if (e.TaskId is { } taskId)
            {
                var task = _open.Touch(taskId, e.Timestamp);
                task.Calls++;
                task.Cost += value;
            }
        }
    }

    private void AddError(ExecutionEvent e, string errorType, int day)
    {
        var miner = _minerCache.Get(errorType);
        if (miner is null)
        {
            if (!_miners.TryGetValue(errorType, out miner))
            {
                if (_miners.Count >= _options.MaxErrorTypes)
                {
                    return;
                }

                miner = new ErrorTemplateMiner(new ErrorTemplateMinerOptions { MaxTemplates = _options.Regression.MaxTemplatesPerErrorType });
                _miners.Add(errorType, miner);
            }

            _minerCache.Set(errorType, miner);
        }

        var message = e.Error ?? errorType;
        var template = miner.Add(message);
        if (template.State is not RegressionSeries series)
        {
            series = new RegressionSeries { Example = TextUtil.Example(message, _options.ExampleMaxLength) };
            template.State = series;
        }

        series.At(day).Runs++;
    }

    /// <summary>The series of a subject: the instance cache first, then the dictionary (bounded by <see cref="AnalysisOptions.MaxSubjects"/>).</summary>
    private RegressionSeries? Lookup(Dictionary<string, RegressionSeries> map, InstanceCache<RegressionSeries> cache, string name)
    {
        if (cache.Get(name) is { } cached)
        {
            return cached;
        }

        var series = DetectorSupport.GetOrAdd(map, name, _options.MaxSubjects);
        if (series is not null)
        {
            cache.Set(name, series);
        }

        return series;
    }

    private sealed class TaskCost
    {
        public int Calls { get; set; }

        public double Cost { get; set; }

        public static void Reset(TaskCost task)
        {
            task.Calls = 0;
            task.Cost = 0;
        }
    }
}
