using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;

namespace Alpha.Learning.Alerts.Internal;

/// <summary>
/// Posts each alert as JSON to a webhook from a bounded background queue, so sending never waits on the network:
/// each attempt has <see cref="AlertOptions.WebhookTimeout"/>, transient failures (network errors, timeouts, 408, 429,
/// 5xx) are retried up to <see cref="AlertOptions.WebhookMaxAttempts"/> times with exponential backoff and jitter (a
/// 429's or 503's <c>Retry-After</c> is honoured up to a minute), other answers are final. A full queue drops the
/// newest alert and logs it.
/// </summary>
/// <remarks>
/// The client comes from the host when it registers a keyed <see cref="HttpClient"/> under
/// <see cref="AlertOptions.WebhookHttpClientName"/> (with Microsoft.Extensions.Http:
/// <c>services.AddHttpClient(AlertOptions.WebhookHttpClientName).AddStandardResilienceHandler().AddAsKeyed()</c>), taken
/// in a fresh scope for each alert so the factory's handler rotation applies; the host's handlers (resilience, proxies,
/// telemetry) then wrap every attempt. Without one, the sink owns a client. The bounded retries here stay as the
/// default for hosts without a resilience pipeline (set <see cref="AlertOptions.WebhookMaxAttempts"/> to 1 to leave
/// retries to the host's handler); the core library does not take Microsoft.Extensions.Http.Resilience itself, so its
/// dependencies stay the abstractions, SQLite, YamlDotNet and Cronos.
/// </remarks>
internal sealed class WebhookAlertSink : IAlertSink, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);
    private readonly Uri _url;
    private readonly AlertOptions _options;
    private readonly HttpClient? _ownClient;
    private readonly Func<WebhookClientLease> _clients;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<Alert> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private Task? _pump;
    private int _pending;

    public WebhookAlertSink(AlertOptions options, HttpClient? client, TimeProvider timeProvider, ILogger<WebhookAlertSink> logger)
        : this(options, client is null ? null : () => new WebhookClientLease(client, null), timeProvider, logger)
    {
    }

    /// <summary>Initializes a sink whose client is leased per alert from <paramref name="clients"/> (the host's), or owned when <see langword="null"/>.</summary>
    public WebhookAlertSink(AlertOptions options, Func<WebhookClientLease>? clients, TimeProvider timeProvider, ILogger<WebhookAlertSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The webhook URL '{options.WebhookUrl}' is not an absolute http or https URL.", nameof(options));
        }

        _url = url;
        _options = options;
        if (clients is null)
        {
            var own = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
            _ownClient = own;
            clients = () => new WebhookClientLease(own, null);
        }

        _clients = clients;
        _timeProvider = timeProvider;
        _logger = logger;
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(options.WebhookQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Name => "webhook";

    public Task SendAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(alert))
        {
            Interlocked.Decrement(ref _pending);
            Log.WebhookQueueFull(_logger, _options.WebhookQueueCapacity, alert.Fingerprint);
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            _pump ??= Task.Run(PumpAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        while (Volatile.Read(ref _pending) > 0 && _timeProvider.GetElapsedTime(started) < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops at once: the queue is closed and the pump cancelled, without waiting (use <see cref="FlushAsync"/> first).</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        _ownClient?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_pump is { } pump)
        {
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stopping.Dispose();
        _ownClient?.Dispose();
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based): initial × 2^(retry-1), ±20 % jitter from the alert's fingerprint.</summary>
    internal static TimeSpan Backoff(TimeSpan initial, int retry, string fingerprint)
    {
        var jitter = 0.8 + (0.4 * ((uint)StringComparer.Ordinal.GetHashCode(fingerprint + retry) % 1000 / 1000.0));
        return TimeSpan.FromTicks((long)(initial.Ticks * Math.Pow(2, retry - 1) * jitter));
    }

    private async Task PumpAsync()
    {
        var token = _stopping.Token;
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await DeliverAsync(alert, token).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task DeliverAsync(Alert alert, CancellationToken token)
    {
        var body = AlertJson.Serialize(alert);
        WebhookClientLease lease;
        try
        {
            lease = _clients();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.WebhookGaveUp(_logger, alert.Fingerprint, 0, "the host's HttpClient could not be created: " + ex.Message);
            return;
        }

        using var leased = lease;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? retryAfter = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                timeout.CancelAfter(_options.WebhookTimeout);
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    using var response = await lease.Client.PostAsync(_url, content, timeout.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    reason = "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!IsTransient(response.StatusCode))
                    {
                        Log.WebhookGaveUp(_logger, alert.Fingerprint, attempt, reason);
                        return;
                    }

                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                catch (HttpRequestException ex)
                {
                    reason = ex.HttpRequestError.ToString();
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    reason = "timeout";
                }
            }

            if (attempt >= _options.WebhookMaxAttempts)
            {
                Log.WebhookGaveUp(_logger, alert.Fingerprint, attempt, reason);
                return;
            }

            var delay = Backoff(_options.WebhookInitialBackoff, attempt, alert.Fingerprint);
            if (retryAfter is { } wait && wait > delay)
            {
                delay = wait < MaxRetryAfter ? wait : MaxRetryAfter;
            }

            Log.WebhookRetry(_logger, attempt, alert.Fingerprint, reason, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, token).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
