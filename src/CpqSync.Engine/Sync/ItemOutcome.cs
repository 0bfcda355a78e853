namespace CpqSync.Engine.Sync;

/// <summary>How the worker finished one work item.</summary>
public enum ItemOutcome
{
    Succeeded,
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
        ItemOutcome.Failed => SyncWorkerPass.Empty with { Failed = 1 },
        ItemOutcome.Retried => SyncWorkerPass.Empty with { Retried = 1 },
        ItemOutcome.Parked => SyncWorkerPass.Empty with { Parked = 1 },
        _ => SyncWorkerPass.Empty with { LeaseLost = 1 },
    };
}
