using CpqSync.Engine.WriteBack;
using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

public sealed partial class SyncWorker
{
    /// <summary>Schedules a retry with backoff, or parks the order after its last attempt (or at once when retrying cannot help).</summary>
    /// <param name="synced">The connection and the sync's result, when the sync ran; <see langword="null"/> when it never started.</param>
    private async Task<ItemOutcome> FailAsync(
        WorkLease lease, (EngineConnection Connection, SyncResult Result)? synced, string errorCode, string message, bool transient,
        CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? retryAt = transient ? now + _options.RetryDelay(lease.Attempt, Random.Shared.NextDouble()) : null;
        var outcome = synced is { } s
            ? Outcome(s.Connection, lease, s.Result)
            : new SyncOutcome(lease.ConnectionId, lease.ObjectName, lease.RecordId, SyncStatus.Error, errorCode, message, [], now, now, lease.ItemId, lease.Attempt);
        var failed = await _store.FailAsync(lease, new WorkFailure(errorCode, message, retryAt, _options.MaxAttempts), outcome, cancellationToken)
            .ConfigureAwait(false);
        switch (failed)
        {
            case WorkFailureResult.RetryScheduled:
                SyncMetrics.Retry(lease.ObjectName, "retry_scheduled");
                _logger.WorkItemRetrying(lease.RecordId, lease.Attempt, errorCode, retryAt!.Value);
                return ItemOutcome.Retried;
            case WorkFailureResult.Parked:
                SyncMetrics.Retry(lease.ObjectName, "parked");
                _logger.WorkItemParked(lease.RecordId, lease.Attempt, errorCode, message);
                if (synced is { } parked)
                {
                    await ShowParkedAsync(parked.Connection, lease, parked.Result, cancellationToken).ConfigureAwait(false);
                }

                return ItemOutcome.Parked;
            default:
                _logger.WorkItemLeaseLost(lease.RecordId, lease.ItemId);
                return ItemOutcome.LeaseLost;
        }
    }

    /// <summary>
    /// A parked order must show its error in Salesforce: the pipeline writes the Error Sync Record its sync could not
    /// (Salesforce failing at the time), if Salesforce takes it now.
    /// </summary>
    private async Task ShowParkedAsync(EngineConnection connection, WorkLease lease, SyncResult result, CancellationToken cancellationToken)
    {
        var attempt = new SyncAttempt(lease.ObjectName, lease.RecordId, lease.Attempt, result.StartedAt) { AccountId = result.AccountId };
        if (!await _pipeline.ShowParkedAsync(connection, attempt, result.Unshown, cancellationToken).ConfigureAwait(false))
        {
            // Salesforce is still failing: the parked item and the outcome log hold the error until it recovers.
            _logger.ParkedErrorNotShown(lease.RecordId, result.ErrorCode ?? "SYNC_FAILED");
        }
    }
}
