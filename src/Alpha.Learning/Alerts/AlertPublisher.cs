using Alpha.Learning.Alerts.Internal;
using Alpha.Learning.Analysis;
using Alpha.Learning.Improvements;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alpha.Learning.Alerts;

/// <summary>
/// Turns baseline-relative findings (<c>regression</c>, <c>new_error</c>, <c>trend</c>) into alerts: de-duplicated by
/// fingerprint, sent again only when a finding worsens (a higher severity, or an effect grown by
/// <see cref="AlertOptions.WorsenFactor"/>) or after <see cref="AlertOptions.QuietPeriod"/>, and resolved when it is gone.
/// Findings that an improvement applied by the loop explains are left to that improvement's verification. Every
/// sink gets each alert with a time limit, and a failing sink never fails the publish.
/// </summary>
public sealed class AlertPublisher
{
    private readonly IAlertSink[] _sinks;
    private readonly IAlertStateStore _states;
    private readonly AlertOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AlertPublisher"/> class.</summary>
    /// <param name="sinks">Where alerts go.</param>
    /// <param name="states">Where alert states live, or <see langword="null"/> to keep them in this instance.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    public AlertPublisher(IEnumerable<IAlertSink> sinks, IAlertStateStore? states, IOptions<AlertOptions> options, TimeProvider timeProvider, ILogger<AlertPublisher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _sinks = [.. sinks];
        _states = states ?? new InMemoryAlertStateStore();
        _options = options.Value ?? throw new ArgumentException("The options value is null.", nameof(options));
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets whether a pattern is a baseline-relative finding (the kind alerts are about).</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns><see langword="true"/> for <c>regression</c>, <c>new_error</c> and <c>trend</c>.</returns>
    public static bool IsFinding(LogPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.Type == PatternType.Regression || pattern.Type == PatternType.NewError || pattern.Type == PatternType.Trend;
    }

    /// <summary>Gets a finding's severity (its <c>severity</c> metadata; medium when missing).</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The severity.</returns>
    public static Priority SeverityOf(LogPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.Metadata.TryGetValue("severity", out var value) && value is string name ? EnumNames.ParsePriority(name) : Priority.Medium;
    }

    /// <summary>Returns the id of the applied (or rolled-back) improvement that explains a finding, or <see langword="null"/>.</summary>
    /// <param name="pattern">The finding.</param>
    /// <param name="improvements">The improvements the loop applied.</param>
    /// <returns>The improvement id.</returns>
    internal static string? FindAttribution(LogPattern pattern, IReadOnlyList<ImprovementRecord> improvements)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(improvements);
        return ChangeAttribution.Find(pattern, improvements);
    }

    /// <summary>Publishes the findings among <paramref name="patterns"/> (other pattern types are ignored).</summary>
    /// <param name="patterns">The patterns of one analysis: every finding still there must be among them, or it is resolved.</param>
    /// <param name="improvements">Improvements the loop applied or rolled back (for attribution), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>What was sent, kept quiet and attributed.</returns>
    public async Task<AlertPublishResult> PublishAsync(IReadOnlyList<LogPattern> patterns, IReadOnlyList<ImprovementRecord>? improvements = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var now = _timeProvider.GetUtcNow();
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        foreach (var state in await _states.GetAlertStatesAsync(includeResolved: true, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            states[state.Fingerprint] = state;
        }

        var attributed = new Dictionary<string, string>(StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        var sent = new List<Alert>();
        var updates = new List<AlertState>();
        var suppressed = 0;
        foreach (var pattern in patterns)
        {
            if (!IsFinding(pattern))
            {
                continue;
            }

            var fingerprint = pattern.Fingerprint;
            if (improvements is not null && ChangeAttribution.Find(pattern, improvements) is { } improvementId)
            {
                attributed[fingerprint] = improvementId;
                continue;
            }

            var severity = SeverityOf(pattern);
            if (severity < _options.MinSeverity)
            {
                continue;
            }

            present.Add(fingerprint);
            var effect = Effect(pattern);
            states.TryGetValue(fingerprint, out var previous);
            AlertNotification? notification = previous is null || previous.Status == AlertStatus.Resolved ? AlertNotification.Raised
                : severity > previous.Severity || effect >= previous.Effect * _options.WorsenFactor ? AlertNotification.Worsened
                : now - previous.LastSentAt >= _options.QuietPeriod ? AlertNotification.Reminder
                : null;
            var firstRaised = notification == AlertNotification.Raised ? now : previous!.FirstRaisedAt;
            if (notification is null)
            {
                suppressed++;
                updates.Add(Copy(previous!, lastSeen: now));
                continue;
            }

            var state = new AlertState
            {
                Fingerprint = fingerprint,
                PatternType = pattern.Type,
                Subject = pattern.Subject,
                Key = pattern.Key,
                Status = AlertStatus.Firing,
                Severity = severity,
                Effect = effect,
                Description = pattern.Description,
                FirstRaisedAt = firstRaised,
                LastSentAt = now,
                LastSeenAt = now,
                LastNotification = notification.Value,
                TimesSent = (notification == AlertNotification.Raised ? 0 : previous!.TimesSent) + 1,
            };
            Notify(state, pattern.Description, pattern.Metadata, now, sent, updates);
        }

        foreach (var state in states.Values)
        {
            if (state.Status != AlertStatus.Firing || present.Contains(state.Fingerprint))
            {
                continue;
            }

            var resolved = new AlertState
            {
                Fingerprint = state.Fingerprint,
                PatternType = state.PatternType,
                Subject = state.Subject,
                Key = state.Key,
                Status = AlertStatus.Resolved,
                Severity = state.Severity,
                Effect = state.Effect,
                Description = state.Description,
                FirstRaisedAt = state.FirstRaisedAt,
                LastSentAt = now,
                LastSeenAt = state.LastSeenAt,
                ResolvedAt = now,
                LastNotification = AlertNotification.Resolved,
                TimesSent = state.TimesSent + 1,
            };
            var text = attributed.TryGetValue(state.Fingerprint, out var by) ? $"Attributed to improvement {by}: {state.Description}" : "Resolved: " + state.Description;
            Notify(resolved, text, null, now, sent, updates);
        }

        var failures = 0;
        foreach (var alert in sent)
        {
            failures += await SendAsync(alert, cancellationToken).ConfigureAwait(false);
        }

        if (updates.Count > 0)
        {
            await _states.SaveAlertStatesAsync(updates, cancellationToken).ConfigureAwait(false);
        }

        return new AlertPublishResult { Sent = sent, Suppressed = suppressed, Attributed = attributed, Failures = failures };
    }

    /// <summary>Waits until every sink's queue is empty, at most <paramref name="timeout"/> in all.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">The token to cancel with.</param>
    /// <returns>A task that completes when done.</returns>
    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        foreach (var sink in _sinks)
        {
            var left = timeout - _timeProvider.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await sink.FlushAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.SinkFailed(_logger, ex, sink.Name);
            }
        }
    }

    private static double Effect(LogPattern pattern)
    {
        var value = pattern.Metadata.TryGetValue("effect", out var effect) ? effect switch
        {
            double d => d,
            long l => l,
            _ => 0,
        } : 0;
        return double.IsFinite(value) ? Math.Abs(value) : 0;
    }

    private static AlertState Copy(AlertState state, DateTimeOffset lastSeen) => new()
    {
        Fingerprint = state.Fingerprint,
        PatternType = state.PatternType,
        Subject = state.Subject,
        Key = state.Key,
        Status = state.Status,
        Severity = state.Severity,
        Effect = state.Effect,
        Description = state.Description,
        FirstRaisedAt = state.FirstRaisedAt,
        LastSentAt = state.LastSentAt,
        LastSeenAt = lastSeen,
        ResolvedAt = state.ResolvedAt,
        LastNotification = state.LastNotification,
        TimesSent = state.TimesSent,
    };

    /// <summary>The one step every notification takes: the alert to send, made from the state it leaves, and that state.</summary>
    private static void Notify(AlertState state, string description, IReadOnlyDictionary<string, object>? evidence, DateTimeOffset now, List<Alert> sent, List<AlertState> updates)
    {
        sent.Add(new Alert
        {
            Fingerprint = state.Fingerprint,
            Notification = state.LastNotification,
            PatternType = state.PatternType,
            Subject = state.Subject,
            Key = state.Key,
            Severity = state.Severity,
            Description = description,
            Evidence = evidence ?? new Dictionary<string, object>(),
            At = now,
            FirstRaisedAt = state.FirstRaisedAt,
        });
        updates.Add(state);
    }

    private async Task<int> SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        var failures = 0;
        foreach (var sink in _sinks)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_options.SinkTimeout);
            try
            {
                await sink.SendAsync(alert, limit.Token).WaitAsync(_options.SinkTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failures++;
                Log.SinkFailed(_logger, ex, sink.Name);
            }
        }

        return failures;
    }
}
