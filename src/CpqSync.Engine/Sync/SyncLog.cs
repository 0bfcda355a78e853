using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Sync;

/// <summary>Stable event ids of the sync's log messages.</summary>
public static class SyncEventIds
{
    public const int OrderSynced = 6200;
    public const int WorkItemFailed = 6201;
    public const int WorkItemParked = 6202;
    public const int WorkItemLeaseLost = 6203;
    public const int WorkerLoopFailed = 6204;
    public const int WorkItemCrashed = 6205;
    public const int ParkedErrorNotShown = 6206;
    public const int OrderUnchanged = 6207;
    public const int BackfillPage = 6210;
    public const int BackfillFinished = 6211;
    public const int BackfillPrefetchFailed = 6212;
    public const int FailedOrdersRetried = 6220;
    public const int FailedOrdersUnordered = 6221;
}

/// <summary>The sync's log messages.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(SyncEventIds.OrderSynced, LogLevel.Information,
        "Synced order {OrderId}: {Status} {ErrorCode} ({SalesforceCalls} Salesforce calls, {StripeCalls} Stripe calls, {DurationMs} ms)")]
    public static partial void OrderSynced(
        this ILogger logger, string orderId, OrderSyncStatus status, string? errorCode, int salesforceCalls, int stripeCalls, double durationMs);

    [LoggerMessage(SyncEventIds.OrderUnchanged, LogLevel.Debug,
        "Order {OrderId} unchanged since its last sync; nothing to do ({SalesforceCalls} Salesforce calls, {DurationMs} ms)")]
    public static partial void OrderUnchanged(this ILogger logger, string orderId, int salesforceCalls, double durationMs);

    [LoggerMessage(SyncEventIds.WorkItemFailed, LogLevel.Warning,
        "Order {OrderId} failed on attempt {Attempt} with {ErrorCode}; retrying at {RetryAt}")]
    public static partial void WorkItemRetrying(this ILogger logger, string orderId, int attempt, string? errorCode, DateTimeOffset retryAt);

    [LoggerMessage(SyncEventIds.WorkItemParked, LogLevel.Error,
        "Order {OrderId} parked after attempt {Attempt} with {ErrorCode}: {Message}")]
    public static partial void WorkItemParked(this ILogger logger, string orderId, int attempt, string? errorCode, string? message);

    [LoggerMessage(SyncEventIds.WorkItemLeaseLost, LogLevel.Warning,
        "Lost the lease on order {OrderId} (work item {ItemId}); another worker has it")]
    public static partial void WorkItemLeaseLost(this ILogger logger, string orderId, long itemId);

    [LoggerMessage(SyncEventIds.WorkerLoopFailed, LogLevel.Error, "The sync worker's pass failed; trying again after the idle wait")]
    public static partial void WorkerLoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(SyncEventIds.WorkItemCrashed, LogLevel.Error, "Syncing order {OrderId} threw; the order will be retried")]
    public static partial void WorkItemCrashed(this ILogger logger, string orderId, Exception exception);

    [LoggerMessage(SyncEventIds.ParkedErrorNotShown, LogLevel.Warning,
        "Could not write the Error Sync Record of parked order {OrderId} ({ErrorCode}); the store's outcome log holds it")]
    public static partial void ParkedErrorNotShown(this ILogger logger, string orderId, string errorCode);

    [LoggerMessage(SyncEventIds.BackfillPage, LogLevel.Debug, "Backfill queued {Count} orders (total so far {Total})")]
    public static partial void BackfillPage(this ILogger logger, int count, int total);

    [LoggerMessage(SyncEventIds.BackfillPrefetchFailed, LogLevel.Warning,
        "Backfill could not read a page's snapshots together ({Reason}); each order reads its own")]
    public static partial void BackfillPrefetchFailed(this ILogger logger, string reason);

    [LoggerMessage(SyncEventIds.BackfillFinished, LogLevel.Information,
        "Backfill finished: {Total} orders, {Succeeded} succeeded, {Failed} failed, {Parked} parked")]
    public static partial void BackfillFinished(this ILogger logger, int total, int succeeded, int failed, int parked);

    [LoggerMessage(SyncEventIds.FailedOrdersRetried, LogLevel.Information,
        "Failed orders back in the queue: {Parked} parked, {Failed} whose last sync failed")]
    public static partial void FailedOrdersRetried(this ILogger logger, int parked, int failed);

    [LoggerMessage(SyncEventIds.FailedOrdersUnordered, LogLevel.Warning,
        "Salesforce could not be asked for the failed orders' contracts ({ErrorType}): they are queued each on its own, in the order they failed")]
    public static partial void FailedOrdersUnordered(this ILogger logger, string errorType);
}
