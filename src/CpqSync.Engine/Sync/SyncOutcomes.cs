using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

/// <summary>A sync's result as the store's outcome log keeps it.</summary>
public static class SyncOutcomes
{
    public static SyncOutcome ToOutcome(
        this SyncResult result, Guid connectionId, DateTimeOffset finishedAt, long? workItemId = null, int attempt = 1)
    {
        ArgumentNullException.ThrowIfNull(result);
        var status = result.Status switch
        {
            OrderSyncStatus.Succeeded => SyncStatus.Success,
            OrderSyncStatus.Skipped => SyncStatus.Skipped,
            OrderSyncStatus.Unchanged when result.ErrorCode is null => SyncStatus.Skipped,
            _ => SyncStatus.Error,
        };
        return new SyncOutcome(
            connectionId, result.ObjectType, result.RecordId, status, result.ErrorCode, result.Message, result.StripeIds,
            result.StartedAt, finishedAt, workItemId, attempt);
    }
}
