using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// The Stripe ids found in <c>Stripe_ID__c</c> on a snapshot's records, by the kind of object they name: what
/// the engine looks up in Stripe to build the planner's <see cref="Core.Stripe.StripeState"/>.
/// </summary>
public sealed record StripeReferences(
    IReadOnlySet<string> Customers,
    IReadOnlySet<string> Products,
    IReadOnlySet<string> Prices,
    IReadOnlySet<string> Coupons,
    IReadOnlySet<string> Schedules,
    IReadOnlySet<string> Subscriptions,
    IReadOnlySet<string> Invoices)
{
    private const string StripeId = PackageFields.StripeId;

    public static StripeReferences From(RecordSet records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var orderObjects = Ids(records, PlannerFields.Order);
        return new StripeReferences(
            Ids(records, PlannerFields.Account),
            Ids(records, PlannerFields.Product),
            Ids(records, PlannerFields.PricebookEntry, PlannerFields.OrderItem),
            Ids(records, PlannerFields.Coupon, PlannerFields.OrderCoupon),
            Prefixed(orderObjects, "sub_sched_"),
            Prefixed(orderObjects, "sub_"),
            Prefixed(orderObjects, "in_"));
    }

    private static HashSet<string> Ids(RecordSet records, params string[] types) =>
        types.SelectMany(records.OfType).Select(static r => r.GetString(StripeId)).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Prefixed(HashSet<string> ids, string prefix) =>
        ids.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)
                && !(prefix == "sub_" && id.StartsWith("sub_sched_", StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
}
