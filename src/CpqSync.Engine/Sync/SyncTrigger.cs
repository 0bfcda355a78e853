namespace CpqSync.Engine.Sync;

/// <summary>What started a sync: it shows in traces and metrics, and decides nothing else.</summary>
public enum SyncTrigger
{
    /// <summary>Change detection found the order changed.</summary>
    Live,

    /// <summary>A backfill queued the order.</summary>
    Backfill,

    /// <summary>A user asked for it (<c>cpqsync sync order</c>, "Sync now"), even with live sync off.</summary>
    Manual,
}
