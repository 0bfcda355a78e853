using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Engine.WriteBack;
using CpqSync.Storage;
using CpqSync.Stripe;

namespace CpqSync.Engine.Sync;

/// <summary>The Stripe object names of the store's id map.</summary>
internal static class StripeObjects
{
    public const string Customer = "customer";
    public const string Product = "product";
    public const string Price = "price";
    public const string Coupon = "coupon";
    public const string SubscriptionSchedule = "subscription_schedule";
    public const string Subscription = "subscription";
    public const string Invoice = "invoice";

    /// <summary>The object a create makes; other operations act on objects already mapped.</summary>
    public static string? Created(StripeOperationKind kind) => kind switch
    {
        StripeOperationKind.CreateCustomer => Customer,
        StripeOperationKind.CreateProduct => Product,
        StripeOperationKind.CreatePrice => Price,
        StripeOperationKind.CreateCoupon => Coupon,
        StripeOperationKind.CreateSubscriptionSchedule => SubscriptionSchedule,
        StripeOperationKind.CreateSubscription => Subscription,
        StripeOperationKind.CreateInvoice => Invoice,
        _ => null,
    };

    /// <summary>The object an id names, by Stripe's prefixes.</summary>
    public static string? Named(string stripeId) => stripeId switch
    {
        _ when stripeId.StartsWith("cus_", StringComparison.Ordinal) => Customer,
        _ when stripeId.StartsWith("prod_", StringComparison.Ordinal) => Product,
        _ when stripeId.StartsWith("price_", StringComparison.Ordinal) => Price,
        _ when stripeId.StartsWith("sub_sched_", StringComparison.Ordinal) => SubscriptionSchedule,
        _ when stripeId.StartsWith("sub_", StringComparison.Ordinal) => Subscription,
        _ when stripeId.StartsWith("in_", StringComparison.Ordinal) => Invoice,
        _ => null,
    };
}

/// <summary>
/// Records in the store's id map the Stripe objects a sync created or found, so the engine knows them even if
/// Salesforce's written-back ids are edited or lost. Order and record syncs both map through here.
/// </summary>
internal static class StripeIdMapper
{
    /// <param name="records">The records the sync read: they name each record's sObject type.</param>
    /// <param name="recovered">Salesforce record id → Stripe id found by the resolver (in the id map or by metadata).</param>
    public static async Task MapAsync(ISyncStore store, Guid connectionId, SyncPlan plan, StripeApplyResult result, RecordSet records,
        IReadOnlyDictionary<string, string> recovered, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The write-backs name each record's sObject type; ids alone only name the standard objects.
        var types = result.WriteBacks
            .Where(static w => w.RecordId is not null)
            .GroupBy(static w => w.RecordId!, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.First().SObjectType, StringComparer.Ordinal);
        string? TypeOf(string recordId) => records.Find(recordId)?.Type ?? types.GetValueOrDefault(recordId) ?? RecordTypes.Of(recordId);

        var sources = plan.Operations.ToDictionary(static o => o.Id, static o => o.SourceRecordId, StringComparer.Ordinal);
        // A record's own price is the one written back to it. A line's other prices (a duplicate's clone, docs/behaviour.md
        // §3.11; a proration price) are not its price: mapped to the line, a resumed sync would recover one as the line's
        // Stripe_ID__c, which a clean sync never writes.
        var ownPrices = plan.WriteBacks
            .Where(static w => w.RecordId is not null)
            .SelectMany(static w => w.Fields.Where(static f => f.Value.Ref is not null).Select(f => (Record: w.RecordId!, Operation: f.Value.Ref!)))
            .ToHashSet();
        var mappings = result.Applied
            .Where(a => a.Kind != StripeOperationKind.CreatePrice
                || (sources.GetValueOrDefault(a.OperationId) is { } source && ownPrices.Contains((source, a.OperationId))))
            .Select(a => (StripeObject: StripeObjects.Created(a.Kind), RecordId: sources.GetValueOrDefault(a.OperationId), a.StripeId))
            .Concat(recovered.Select(static r => (StripeObject: StripeObjects.Named(r.Value), RecordId: (string?)r.Key, StripeId: r.Value)));
        foreach (var (stripeObject, recordId, stripeId) in mappings)
        {
            if (stripeObject is null || recordId is not { Length: > 0 } || TypeOf(recordId) is not { } salesforceObject)
            {
                continue;
            }

            await store.MapAsync(new IdMapping(connectionId, salesforceObject, recordId, stripeObject, stripeId, null, now), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
