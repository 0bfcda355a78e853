using CpqSync.Core.Planning;
using CpqSync.Engine.WriteBack;
using CpqSync.Storage;
using CpqSync.Stripe;

namespace CpqSync.Engine.Sync;

/// <summary>
/// Records in the store's id map the Stripe objects a sync created, so the engine knows them even if Salesforce's
/// written-back ids are edited or lost.
/// </summary>
internal static class StripeIdMapper
{
    public static async Task MapAsync(
        ISyncStore store, Guid connectionId, SyncPlan plan, StripeApplyResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The write-backs name each record's sObject type; ids alone only name the standard objects.
        var types = result.WriteBacks
            .Where(static w => w.RecordId is not null)
            .GroupBy(static w => w.RecordId!, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.First().SObjectType, StringComparer.Ordinal);
        var sources = plan.Operations.ToDictionary(static o => o.Id, static o => o.SourceRecordId, StringComparer.Ordinal);
        foreach (var applied in result.Applied)
        {
            if (StripeObject(applied.Kind) is not { } stripeObject
                || sources.GetValueOrDefault(applied.OperationId) is not { Length: > 0 } recordId
                || (types.GetValueOrDefault(recordId) ?? RecordTypes.Of(recordId)) is not { } salesforceObject)
            {
                continue;
            }

            await store.MapAsync(
                new IdMapping(connectionId, salesforceObject, recordId, stripeObject, applied.StripeId, null, now),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The Stripe object a create makes; other operations act on objects already mapped.</summary>
    private static string? StripeObject(StripeOperationKind kind) => kind switch
    {
        StripeOperationKind.CreateCustomer => "customer",
        StripeOperationKind.CreateProduct => "product",
        StripeOperationKind.CreatePrice => "price",
        StripeOperationKind.CreateCoupon => "coupon",
        StripeOperationKind.CreateSubscriptionSchedule => "subscription_schedule",
        StripeOperationKind.CreateSubscription => "subscription",
        StripeOperationKind.CreateInvoice => "invoice",
        _ => null,
    };
}
