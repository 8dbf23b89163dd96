namespace Alpha.Learning.Alerts.Internal;

/// <summary>
/// A built-in sink that the options switch on or off: it forwards to its inner sink when there is one, and does
/// nothing otherwise. (Each built-in sink is its own service type, so <c>TryAddEnumerable</c> registers each once.)
/// </summary>
internal class ConfiguredAlertSink(string name, IAlertSink? inner) : IAlertSink, IAsyncDisposable, IDisposable
{
    public string Name => name;

    public bool IsEnabled => inner is not null;

    public Task SendAsync(Alert alert, CancellationToken cancellationToken = default) =>
        inner?.SendAsync(alert, cancellationToken) ?? Task.CompletedTask;

    public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        inner?.FlushAsync(timeout, cancellationToken) ?? Task.CompletedTask;

    /// <summary>Disposes the inner sink; a webhook stops at once (what is still queued is dropped).</summary>
    public void Dispose()
    {
        (inner as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        GC.SuppressFinalize(this);
    }
}
