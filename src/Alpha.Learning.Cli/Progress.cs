using System.Diagnostics;
using System.Globalization;

using Alpha.Learning.Logs;

namespace Alpha.Learning.Cli;

/// <summary>A progress line on stderr (bytes read, events/s) for reads that take more than a moment; only on a terminal.</summary>
internal sealed class Progress : IDisposable
{
    private readonly Timer? _timer;
    private readonly LogReadStatistics _stats;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private bool _shown;

    private Progress(LogReadStatistics stats, bool enabled)
    {
        _stats = stats;
        if (enabled)
        {
            _timer = new Timer(_ => Show(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    public static Progress Start(LogReadStatistics stats) => new(stats, !Console.IsErrorRedirected);

    public void Dispose()
    {
        _timer?.Dispose();
        if (_shown)
        {
            Console.Error.Write("\r\u001b[K");
        }
    }

    private void Show()
    {
        var seconds = Math.Max(_watch.Elapsed.TotalSeconds, 1e-3);
        _shown = true;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
            $"\rreading: {Output.Bytes(_stats.Bytes)} from {_stats.Files} file(s), {_stats.Events:N0} events ({_stats.Events / seconds:N0}/s), {_stats.Malformed:N0} malformed"));
    }
}
