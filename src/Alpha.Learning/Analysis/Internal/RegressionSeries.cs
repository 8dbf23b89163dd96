namespace Alpha.Learning.Analysis.Internal;

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
