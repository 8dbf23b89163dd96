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

    public static int DayOf(DateTimeOffset at) => (int)(at.UtcTicks / TimeSpan.TicksPerDay);

    public override void Observe(ExecutionEvent executionEvent)
    {
        var at = executionEvent.Timestamp;
        var day = DayOf(at);
        switch (executionEvent.Kind)
        {
            case ExecutionEventKind.TaskStart when executionEvent.TaskId is { } taskId:
                _open.Touch(taskId, at);
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
        if (e.TaskName is not { } name || DetectorSupport.GetOrAdd(Tasks, name, _options.MaxSubjects) is not { } series)
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
        if (DetectorSupport.GetOrAdd(Tools, tool, _options.MaxSubjects) is not { } series)
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
        if (DetectorSupport.GetOrAdd(Models, model, _options.MaxSubjects) is not { } series)
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
        if (!_miners.TryGetValue(errorType, out var miner))
        {
            if (_miners.Count >= _options.MaxErrorTypes)
            {
                return;
            }

            miner = new ErrorTemplateMiner(new ErrorTemplateMinerOptions { MaxTemplates = _options.Regression.MaxTemplatesPerErrorType });
            _miners.Add(errorType, miner);
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

/// <summary>One subject's cells, one a UTC day.</summary>
internal sealed class RegressionSeries
{
    private int _lastDay = int.MinValue;
    private RegressionCell? _lastCell;

    public Dictionary<int, RegressionCell> Days { get; } = [];

    public ModelPrice? Price { get; set; }

    public bool PriceResolved { get; set; }

    /// <summary>Gets an example message (error templates only).</summary>
    public string? Example { get; init; }

    public RegressionCell At(int day)
    {
        if (day == _lastDay)
        {
            return _lastCell!;
        }

        if (!Days.TryGetValue(day, out var cell))
        {
            cell = new RegressionCell();
            Days.Add(day, cell);
        }

        _lastDay = day;
        _lastCell = cell;
        return cell;
    }

    /// <summary>Sums the cells of days <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    public RegressionCell Sum(int from, int to)
    {
        var sum = new RegressionCell();
        if (to - from + 1 < Days.Count)
        {
            for (var day = from; day <= to; day++)
            {
                if (Days.TryGetValue(day, out var cell))
                {
                    sum.Add(cell);
                }
            }
        }
        else
        {
            foreach (var (day, cell) in Days)
            {
                if (day >= from && day <= to)
                {
                    sum.Add(cell);
                }
            }
        }

        return sum;
    }

    /// <summary>Returns the earliest day with data, or <see cref="int.MaxValue"/> when none.</summary>
    public int FirstDay()
    {
        var first = int.MaxValue;
        foreach (var day in Days.Keys)
        {
            first = Math.Min(first, day);
        }

        return first;
    }
}

/// <summary>One subject's figures for one day (or a sum of days).</summary>
internal sealed class RegressionCell
{
    /// <summary>Gets or sets runs (tasks), calls (tools, models) or occurrences (error templates).</summary>
    public long Runs { get; set; }

    public long Successes { get; set; }

    public long Errors { get; set; }

    public long Timeouts { get; set; }

    public RegressionHistogram? Durations { get; set; }

    /// <summary>Gets or sets cost per task (tasks) or per call (models).</summary>
    public RegressionHistogram? Costs { get; set; }

    public RegressionHistogram? Tokens { get; set; }

    public void Add(RegressionCell other)
    {
        Runs += other.Runs;
        Successes += other.Successes;
        Errors += other.Errors;
        Timeouts += other.Timeouts;
        Durations = Merge(Durations, other.Durations);
        Costs = Merge(Costs, other.Costs);
        Tokens = Merge(Tokens, other.Tokens);
    }

    private static RegressionHistogram? Merge(RegressionHistogram? into, RegressionHistogram? from)
    {
        if (from is null)
        {
            return into;
        }

        into ??= new RegressionHistogram();
        into.Merge(from);
        return into;
    }
}
