using CpqSync.Salesforce.PubSub;

namespace CpqSync.Engine.Changes;

/// <summary>How live sync runs on change events (the connection document's <c>live_sync_mode</c> and its neighbours).</summary>
public sealed record ChangeEventOptions
{
    /// <summary>How long the event bus keeps events (Salesforce: 72 hours); a stored replay id older than this is not resumed.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromHours(72);

    /// <summary>The change-event channels read: orders and their lines queue orders; the others are read for their status.</summary>
    public static IReadOnlyList<string> Topics { get; } =
    [
        OrderTopic, OrderItemTopic, "/data/AccountChangeEvent", "/data/Product2ChangeEvent", "/data/PricebookEntryChangeEvent",
        "/data/SBQQ__Quote__ChangeEvent",
    ];

    public const string OrderTopic = "/data/OrderChangeEvent";

    public const string OrderItemTopic = "/data/OrderItemChangeEvent";

    /// <summary>Time between reconciliation polls (by <c>SystemModstamp</c>), which catch a change whose event was missed. The default value is 1 hour.</summary>
    public TimeSpan ReconciliationInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Told of each batch (events or a keep-alive) once its work is queued and its replay id stored: the hook tests and
    /// the benchmark wait on instead of a timer.
    /// </summary>
    public Action<ChangeEventBatch>? BatchHandled { get; init; }
}

/// <summary>How a connection's live sync learns of changes.</summary>
public enum LiveSyncMode
{
    /// <summary>Change Data Capture events over the Pub/Sub API, with a periodic reconciliation poll.</summary>
    ChangeEvents,

    /// <summary>A poll by <c>SystemModstamp</c> every polling interval.</summary>
    Polling,
}
