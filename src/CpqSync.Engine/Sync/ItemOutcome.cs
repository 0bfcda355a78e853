namespace CpqSync.Engine.Sync;

/// <summary>How the worker finished one work item.</summary>
public enum ItemOutcome
{
    Succeeded,

    /// <summary>
    /// The order read as its last completed sync left it (<see cref="OrderSyncStatus.Unchanged"/>): no work done, so not
    /// counted as synced or failed again, e.g. when another backfill on the same store already synced it.
    /// </summary>
    Unchanged,
    Failed,
    Retried,
    Parked,
    LeaseLost,
}

internal static class ItemOutcomes
{
    public static SyncWorkerPass ToPass(this ItemOutcome outcome) => outcome switch
    {
        ItemOutcome.Succeeded => SyncWorkerPass.Empty with { Succeeded = 1 },
        ItemOutcome.Unchanged => SyncWorkerPass.Empty with { Unchanged = 1 },
        ItemOutcome.Failed => SyncWorkerPass.Empty with { Failed = 1 },
        ItemOutcome.Retried => SyncWorkerPass.Empty with { Retried = 1 },
        ItemOutcome.Parked => SyncWorkerPass.Empty with { Parked = 1 },
        _ => SyncWorkerPass.Empty with { LeaseLost = 1 },
    };
}
