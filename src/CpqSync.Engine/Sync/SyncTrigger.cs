namespace CpqSync.Engine.Sync;

/// <summary>
/// What started a sync: it shows in traces and metrics. Manual and retry syncs run even when the order reads as its
/// last completed sync left it; live and backfill syncs of such an order end Unchanged.
/// </summary>
public enum SyncTrigger
{
    /// <summary>Change detection found the order changed.</summary>
    Live,

    /// <summary>A backfill queued the order.</summary>
    Backfill,

    /// <summary>A user asked for it (<c>cpqsync sync order</c>, "Sync now"), even with live sync off.</summary>
    Manual,

    /// <summary>
    /// A failed order queued again by "Retry all failed" or after a configuration change (<see cref="FailedOrderRetry"/>): a
    /// changed credential or org fact can fix it without changing what the order reads.
    /// </summary>
    Retry,
}
