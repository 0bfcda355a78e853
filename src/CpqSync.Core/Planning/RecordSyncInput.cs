using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Planning;

/// <summary>What a manual sync of records, outside any order, covers (docs/behaviour.md §11, manual catalogue sync).</summary>
public enum RecordSyncKind
{
    /// <summary><c>Product2</c> records → Stripe products (not their prices), like "Sync all products".</summary>
    Products,

    /// <summary>
    /// A price book's active entries → their products and prices. The ids are <c>Pricebook2</c> ids (every active
    /// entry of the book) or <c>PricebookEntry</c> ids (that entry), as "Sync a pricebook" takes an entry id.
    /// </summary>
    Pricebook,

    /// <summary>An <c>Account</c> → its Stripe customer.</summary>
    Account,
}

/// <summary>The records a manual sync covers.</summary>
public sealed record RecordSyncTarget(RecordSyncKind Kind, IReadOnlyList<string> Ids)
{
    public static RecordSyncTarget Products(params IReadOnlyList<string> ids) => new(RecordSyncKind.Products, ids);

    public static RecordSyncTarget Pricebook(params IReadOnlyList<string> ids) => new(RecordSyncKind.Pricebook, ids);

    public static RecordSyncTarget Account(string id) => new(RecordSyncKind.Account, [id]);
}

/// <summary>Everything a record sync plan depends on; like <see cref="SyncInput"/>, <paramref name="Now"/> is a value.</summary>
/// <param name="Records">The target records with what they refer to: products with their consumption schedules and rates
/// (<c>ProductConsumptionSchedule</c>, <c>ConsumptionSchedule</c>, <c>ConsumptionRate</c>), price books with their entries.</param>
public sealed record RecordSyncInput(RecordSet Records, RecordSyncTarget Target, StripeState Stripe, SyncConfiguration Configuration, DateTimeOffset Now);
