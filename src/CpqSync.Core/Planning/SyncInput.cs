using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Planning;

/// <summary>Everything a plan depends on. <paramref name="Now"/> is a value: the planner never reads a clock.</summary>
/// <param name="Records">The order, its lines, account, quote, products, price book entries, contract, earlier
/// orders on the contract with their lines, consumption schedules and rates, coupons and their associations.</param>
/// <param name="OrderId">The order to plan.</param>
public sealed record SyncInput(RecordSet Records, string OrderId, StripeState Stripe, SyncConfiguration Configuration, DateTimeOffset Now)
{
    /// <summary>
    /// Orders of the snapshot that fail the connection's Order filter (the engine evaluates filters in Salesforce).
    /// An amendment whose initial order is among them cannot sync (docs/behaviour.md §7.2).
    /// </summary>
    public IReadOnlySet<string> FilteredOutOrders { get; init; } = new HashSet<string>();

    /// <summary>
    /// Order lines the order's invoice already holds an item for (<c>{prefix}order_item_id</c>): an invoice made before a
    /// crash, which the plan completes with the other lines only (docs/behaviour.md §4.9).
    /// </summary>
    public IReadOnlySet<string> LinesOnInvoice { get; init; } = new HashSet<string>();
}
