using CpqSync.Core.Planning;
using CpqSync.Engine.Sync;

namespace CpqSync.Engine.Records;

/// <summary>How a manual record sync ended as a whole.</summary>
public enum RecordSyncStatus
{
    /// <summary>Every record synced (or the filters left nothing to sync).</summary>
    Succeeded,

    /// <summary>At least one record did not sync; <see cref="RecordSyncResult.Items"/> says which and why.</summary>
    Failed,

    /// <summary>Some ids name no record of the target's kind that the integration user can see: nothing was synced.</summary>
    NotFound,

    /// <summary>Salesforce could not be read (unreachable, refused, or the org lacks CpqSync's fields): nothing was synced.</summary>
    ReadFailed,
}

/// <summary>How one record of a manual sync ended, as <c>cpqsync sync products|pricebook|account --json</c> names it.</summary>
public enum RecordSyncItemStatus
{
    Succeeded,

    /// <summary>Nothing to do: Stripe and the record's write-backs already hold what it says. Counts as synced.</summary>
    Skipped,

    /// <summary>The planner refused the record (a catalogue error, shown on its Sync Record).</summary>
    PlanRefused,

    /// <summary>Stripe refused an operation or could not be reached.</summary>
    StripeFailed,

    /// <summary>Stripe holds the objects, but Salesforce refused or missed a write-back or the Sync Record.</summary>
    WriteBackFailed,
}

/// <summary>The record sync's names for a <see cref="SyncResult"/>'s status.</summary>
public static class RecordSyncItems
{
    /// <summary>Nothing to do is skipped (and counts as synced); a Salesforce failure is the write-back's.</summary>
    public static RecordSyncItemStatus ItemStatus(this SyncResult item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Status switch
        {
            OrderSyncStatus.Succeeded => RecordSyncItemStatus.Succeeded,
            OrderSyncStatus.Skipped => RecordSyncItemStatus.Skipped,
            OrderSyncStatus.PlanRefused => RecordSyncItemStatus.PlanRefused,
            OrderSyncStatus.StripeFailed => RecordSyncItemStatus.StripeFailed,
            _ => RecordSyncItemStatus.WriteBackFailed,
        };
    }
}

/// <summary>What a manual sync of products, a price book or an account did.</summary>
/// <param name="Target">The target as asked.</param>
/// <param name="Items">One per record synced, in sync order: the pipeline's result for it (its Stripe objects, or the error its Sync Record shows).</param>
/// <param name="Missing">For <see cref="RecordSyncStatus.NotFound"/>: the ids that name nothing.</param>
/// <param name="FilteredOut">Named records the connection's filters exclude; they were not synced.</param>
/// <param name="Message">For <see cref="RecordSyncStatus.ReadFailed"/>: why.</param>
public sealed record RecordSyncResult(
    RecordSyncTarget Target,
    RecordSyncStatus Status,
    IReadOnlyList<SyncResult> Items,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> FilteredOut,
    string? Message = null)
{
    public bool Succeeded => Status == RecordSyncStatus.Succeeded;
}
