namespace Alpha.Learning.Alerts.Internal;

/// <summary>The HttpClient one webhook delivery uses, and what to dispose when it is done (the DI scope it came from, if any).</summary>
internal sealed class WebhookClientLease(HttpClient client, IDisposable? owner) : IDisposable
{
    public HttpClient Client { get; } = client;

    public void Dispose() => owner?.Dispose();
}
