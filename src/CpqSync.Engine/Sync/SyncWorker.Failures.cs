using CpqSync.Core.Errors;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

public sealed partial class SyncWorker
{
    /// <summary>Schedules a retry with backoff, or parks the order after its last attempt (or at once when retrying cannot help).</summary>
    /// <param name="synced">The connection and the sync's result, when the sync ran; <see langword="null"/> when it never started.</param>
    private async Task<ItemOutcome> FailAsync(
        WorkLease lease, (EngineConnection Connection, OrderSyncResult Result)? synced, string errorCode, string message, bool transient,
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
    /// A parked order must show its error in Salesforce. Stripe failures already wrote their Error Sync Record; a
    /// Salesforce failure may not have, so one is written now if Salesforce takes it.
    /// </summary>
    private async Task ShowParkedAsync(EngineConnection connection, WorkLease lease, OrderSyncResult result, CancellationToken cancellationToken)
    {
        if (result.Status != OrderSyncStatus.SalesforceFailed)
        {
            return;
        }

        var attempt = new SyncAttempt(lease.ObjectName, lease.RecordId, lease.Attempt, result.StartedAt) { AccountId = result.AccountId };
        var error = new SyncError(SyncErrorCode.SalesforceApiError, result.Message ?? "Salesforce failed.", lease.ObjectName, lease.RecordId, null);
        try
        {
            await _writeBack.RecordPlanErrorsAsync(attempt, [error], connection.SyncRecords, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException unreachable) when (!cancellationToken.IsCancellationRequested)
        {
            // Salesforce is still failing: the parked item and the outcome log hold the error until it recovers.
            _logger.ParkedErrorNotShown(lease.RecordId, unreachable.ErrorCode);
        }
    }
}
