using CpqSync.Core.Planning;

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

/// <summary>How one record of a manual sync ended.</summary>
public enum RecordSyncItemStatus
{
    Succeeded,

    /// <summary>The planner refused the record (a catalogue error, shown on its Sync Record).</summary>
    PlanRefused,

    /// <summary>Stripe refused an operation or could not be reached.</summary>
    StripeFailed,

    /// <summary>Stripe holds the objects, but Salesforce refused or missed a write-back or the Sync Record.</summary>
    WriteBackFailed,
}

/// <summary>One synced record: its Stripe objects, or the error its Sync Record shows.</summary>
/// <param name="StripeIds">The Stripe objects created or updated for it, in plan order.</param>
/// <param name="IsTransient">Whether syncing again unchanged may succeed.</param>
public sealed record RecordSyncItem(
    string ObjectType,
    string RecordId,
    RecordSyncItemStatus Status,
    IReadOnlyList<string> StripeIds,
    string? ErrorCode = null,
    string? Message = null,
    bool IsTransient = false)
{
    public bool Succeeded => Status == RecordSyncItemStatus.Succeeded;
}

/// <summary>What a manual sync of products, a price book or an account did.</summary>
/// <param name="Target">The target as asked.</param>
/// <param name="Items">One per record synced, in sync order.</param>
/// <param name="Missing">For <see cref="RecordSyncStatus.NotFound"/>: the ids that name nothing.</param>
/// <param name="FilteredOut">Named records the connection's filters exclude; they were not synced.</param>
/// <param name="Message">For <see cref="RecordSyncStatus.ReadFailed"/>: why.</param>
public sealed record RecordSyncResult(
    RecordSyncTarget Target,
    RecordSyncStatus Status,
    IReadOnlyList<RecordSyncItem> Items,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> FilteredOut,
    string? Message = null)
{
    public bool Succeeded => Status == RecordSyncStatus.Succeeded;
}
