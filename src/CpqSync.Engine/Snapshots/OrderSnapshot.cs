using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Engine.Snapshots;

/// <summary>Everything Salesforce holds that planning one order needs, read in a handful of calls.</summary>
/// <param name="Records">The order with its lines, account, contact, opportunity, quote and quote lines, products, price
/// book entries, consumption schedules and rates, coupons, and the contract with its earlier orders and their lines.</param>
/// <param name="StripeIds">The Stripe ids written back to these records, for the engine to resolve in Stripe.</param>
/// <param name="SalesforceCalls">Salesforce API calls this snapshot took (describes cached from earlier snapshots excluded).</param>
public sealed record OrderSnapshot(string OrderId, RecordSet Records, StripeReferences StripeIds, int SalesforceCalls)
{
    /// <summary>
    /// Cut from a page read ahead (<see cref="OrderSnapshotReader.PrefetchAsync"/>): it may predate a sync another process
    /// on the same store finished since, whose write-back it does not show.
    /// </summary>
    public bool ReadAhead { get; init; }

    public SfRecord Order => Records.Find(OrderId)!;

    public SyncInput ToSyncInput(StripeState stripe, SyncConfiguration configuration, DateTimeOffset now) =>
        new(Records, OrderId, stripe, configuration, now);
}
