using CpqSync.Engine.Changes;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// Live sync: every polling interval, reloads the connection's document and, while live sync is on, polls Salesforce
/// for changed orders and queues them. A changed document (filters, start date, interval, the toggle) applies at the
/// next tick; a failed poll is logged and retried at the next tick; without credentials it waits (one log line). After
/// each change of the connection (its document or its credentials), the orders whose last sync failed are queued again
/// once (<see cref="FailedOrderRetry"/>).
/// </summary>
public sealed partial class LiveSyncService(
    RunningConnection connection,
    ConnectionDocumentStore documents,
    ChangeSourceFactory sources,
    FailedOrderRetry failedOrders,
    OrgFactsDetection detection,
    ISyncMonitor monitor,
    IOptions<ChangePollingOptions> pollingOptions,
    LiveSyncStatus status,
    ConnectionCredentials credentials,
    StoredCredentialsLayer storedCredentials,
    TimeProvider time,
    ILogger<LiveSyncService> logger,
    WorkQueuedSignal? queued = null) : BackgroundService
{
    private LiveSyncPoller? _poller;
    private IChangeSource? _source;
    private long _pollerVersion = -1;
    private int _pollerCredentials = -1;
    private bool _waitLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var interval = await TickAsync(stoppingToken);
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <returns>How long to wait before the next tick: the document's polling interval.</returns>
    private async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        var interval = pollingOptions.Value.Interval;
        var id = connection.Current.Id;
        try
        {
            var stored = await documents.LoadAsync(id, cancellationToken);
            if (stored is null)
            {
                LogConnectionGone(logger, id);
                return interval;
            }

            interval = stored.Document.PollingInterval;
            ChangePoll? poll = null;
            if (stored.Document.LiveSync && credentials.Missing is { Count: > 0 } missing)
            {
                // Not connected yet: nothing to poll. Said once, not at every tick.
                if (!_waitLogged)
                {
                    LogWaiting(logger, string.Join(", ", missing));
                    _waitLogged = true;
                }

                await DropSourceAsync();
                status.Record(new LivePoll(time.GetUtcNow(), true, 0, $"not connected: {string.Join(", ", missing)} not given"));
                await RefreshQueueAsync(id, cancellationToken);
                return interval;
            }

            _waitLogged = false;
            if (stored.Document.LiveSync)
            {
                // A connection never detected is detected before the retry, not by the worker's first pass: the save
                // that records the org's facts is a change of the connection, and orders refused after it must not be
                // queued again for it.
                if (await detection.EnsureDetectedAsync(id, cancellationToken) && await documents.LoadAsync(id, cancellationToken) is { } detected)
                {
                    stored = detected;
                }

                var retried = await failedOrders.RetryAfterChangeAsync(stored.Connection, cancellationToken);
                if (retried > 0)
                {
                    LogFailedRetried(logger, retried);
                }

                var poller = await PollerAsync(stored, cancellationToken);
                poll = await poller.RunOnceAsync(cancellationToken);
                if (poll is { Queued.Count: > 0 })
                {
                    queued?.Notify();
                }

                status.Record(ModeStatus(poll));
            }
            else
            {
                // Off: no subscription stays open.
                await DropSourceAsync();
            }

            status.Record(new LivePoll(time.GetUtcNow(), poll is not null, poll?.Queued.Count ?? 0, null));
            if (poll is { Queued.Count: > 0 })
            {
                LogQueued(logger, poll.Queued.Count, poll.ApiCalls);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Salesforce down, a filter the org no longer has, a stored document edited by hand: try again next tick.
            await DropSourceAsync();
            status.Record(new LivePoll(time.GetUtcNow(), true, 0, OneLine(e)));
            LogPollFailed(logger, e.GetType().Name, OneLine(e));
        }

        await RefreshQueueAsync(id, cancellationToken);
        return interval;
    }

    /// <summary>The poller for the document's version; a new document gets a new change source (its cursors are in the store).</summary>
    private async Task<LiveSyncPoller> PollerAsync(StoredConnectionDocument stored, CancellationToken cancellationToken)
    {
        // New credentials may be another org: its change source starts afresh too.
        if (_poller is null || _pollerVersion != stored.Version || _pollerCredentials != storedCredentials.Version)
        {
            await DropSourceAsync();
            // Each batch of events is queued before this hook runs: the idle worker starts on it at once.
            var events = new ChangeEventOptions
            {
                ReconciliationInterval = stored.Document.ReconciliationInterval,
                BatchHandled = batch =>
                {
                    if (!batch.IsKeepAlive)
                    {
                        queued?.Notify();
                    }
                },
            };
            // The engine types the stored filter values against the org as it compiles them (OrderSyncConditions).
            var source = await sources.CreateAsync(stored.Id, stored.Document.Preferences, stored.Document.LiveSyncMode, events, cancellationToken);
            _source = source;
            var options = new ChangePollingOptions
            {
                Interval = stored.Document.PollingInterval,
                Overlap = pollingOptions.Value.Overlap,
                SettleDelay = pollingOptions.Value.SettleDelay,
                PageSize = pollingOptions.Value.PageSize,
            };
            _poller = new LiveSyncPoller(source, connection.Current.LiveSync, options);
            _pollerVersion = stored.Version;
            _pollerCredentials = storedCredentials.Version;
        }

        return _poller;
    }

    /// <summary>Closes the change source's subscriptions, if it has any, and forgets the poller.</summary>
    private async Task DropSourceAsync()
    {
        _poller = null;
        if (Interlocked.Exchange(ref _source, null) is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        status.Record((LiveSyncModeStatus?)null);
    }

    private LiveSyncModeStatus? ModeStatus(ChangePoll? poll) => _source switch
    {
        ChangeEventSource events => new LiveSyncModeStatus(
            LiveSyncModeText.ChangeEvents, events.Status.LastEventAt, events.Status.LastEventLag, events.Status.LastReconciliationAt),
        not null when poll is not null => new LiveSyncModeStatus(LiveSyncModeText.Polling, null, null, time.GetUtcNow()),
        _ => status.Mode,
    };

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DropSourceAsync();
    }

    private async Task RefreshQueueAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            status.Record(await monitor.GetQueueSummaryAsync(id, cancellationToken));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogQueueUnreadable(logger, e.GetType().Name);
        }
    }

    /// <summary>Salesforce's query errors span lines; logs and <c>/healthz</c> want one.</summary>
    private static string OneLine(Exception e) =>
        string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(Level = LogLevel.Information, Message = "Live sync queued {Orders} changed orders ({ApiCalls} Salesforce calls)")]
    private static partial void LogQueued(ILogger logger, int orders, int apiCalls);

    [LoggerMessage(Level = LogLevel.Information, Message = "The connection changed: {Orders} failed orders are back in the queue")]
    private static partial void LogFailedRetried(ILogger logger, int orders);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live sync poll failed ({ErrorType}): {Reason}; retrying at the next tick")]
    private static partial void LogPollFailed(ILogger logger, string errorType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live sync waiting for credentials ({Missing}); connect in the set-up wizard")]
    private static partial void LogWaiting(ILogger logger, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} no longer exists in the store; live sync is idle")]
    private static partial void LogConnectionGone(ILogger logger, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue could not be read ({ErrorType})")]
    private static partial void LogQueueUnreadable(ILogger logger, string errorType);
}
