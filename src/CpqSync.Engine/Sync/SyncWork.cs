using System.Text.Json;
using CpqSync.Engine.Changes;
using CpqSync.Storage;

namespace CpqSync.Engine.Sync;

/// <summary>The work items the engine queues for orders, and what their payload says.</summary>
public static class SyncWork
{
    /// <summary>The kind of item that syncs a record (the same as change detection's, so both de-duplicate together).</summary>
    public const string Kind = ModstampChangeSource.SyncKind;

    public const string OrderObject = "Order";

    /// <summary>An order to sync, ordered behind the earlier orders of its contract (or, before contracting, on its own).</summary>
    public static NewWorkItem Order(Guid connectionId, string orderId, string? contractId, SyncTrigger trigger) =>
        new(connectionId, Kind, OrderObject, orderId, OrderingKey: contractId,
            Payload: JsonSerializer.Serialize(new Payload(SyncMetrics.TriggerTag(trigger))));

    /// <summary>What queued the item: backfill, manual and retry items say so, change detection's carry no payload.</summary>
    internal static SyncTrigger TriggerOf(WorkLease lease)
    {
        if (lease.Payload is null)
        {
            return SyncTrigger.Live;
        }

        try
        {
            return JsonSerializer.Deserialize<Payload>(lease.Payload)?.Trigger switch
            {
                "backfill" => SyncTrigger.Backfill,
                "manual" => SyncTrigger.Manual,
                "retry" => SyncTrigger.Retry,
                _ => SyncTrigger.Live,
            };
        }
        catch (JsonException)
        {
            return SyncTrigger.Live;
        }
    }

    private sealed record Payload(string Trigger);
}
