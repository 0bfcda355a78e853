using CpqSync.Core.Planning;
using CpqSync.Core.Salesforce;
using CpqSync.Salesforce;
using CpqSync.Stripe;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Makes the creates of <c>Order_Stripe_Coupon__c</c> copies idempotent: a copy already in Salesforce for the same
/// order (or order product) and quote coupon, left by an earlier run of the same outcome, is updated instead of
/// created a second time. One query, and only when there is a copy to create.
/// </summary>
internal static class CouponCopies
{
    private const string SObject = PackageFields.OrderCouponObject;

    private const string Order = PackageFields.OrderCoupon.Order;
    private const string OrderItem = PackageFields.OrderCoupon.OrderItem;
    private const string QuoteCouponId = PackageFields.OrderCoupon.QuoteCouponId;

    private static readonly string[] OwnerFields = [Order, OrderItem];

    public static async Task<IReadOnlyList<ResolvedSalesforceWrite>> MatchExistingAsync(
        SalesforceClient client, IReadOnlyList<ResolvedSalesforceWrite> writes, CancellationToken cancellationToken)
    {
        var creates = writes.Where(w => w.Kind == SalesforceWriteKind.Create && w.SObjectType == SObject).ToList();
        var owners = creates.SelectMany(w => OwnerFields.Select(f => Field(w, f))).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (owners.Count == 0)
        {
            return writes;
        }

        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        var query = Soql.Query(
            $"SELECT {Soql.Fields("Id", Order, OrderItem, QuoteCouponId)} FROM {Soql.Identifier(SObject)} WHERE {Soql.Identifier(Order)} IN {owners} OR {Soql.Identifier(OrderItem)} IN {owners}");
        await foreach (var row in client.QueryAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var owner = row[Order]?.GetValue<string>() ?? row[OrderItem]?.GetValue<string>();
            existing.TryAdd(Key(owner, row[QuoteCouponId]?.GetValue<string>()), row["Id"]!.GetValue<string>());
        }

        return writes.Select(w => creates.Contains(w) && existing.TryGetValue(Key(w), out var id)
            ? w with { Kind = SalesforceWriteKind.Update, RecordId = id, Fields = w.Fields.Where(f => !OwnerFields.Contains(f.Key)).ToList() }
            : w).ToList();
    }

    private static string Key(ResolvedSalesforceWrite write) =>
        Key(Field(write, Order) ?? Field(write, OrderItem), Field(write, QuoteCouponId));

    private static string Key(string? owner, string? quoteCoupon) => $"{owner}|{quoteCoupon}";

    private static string? Field(ResolvedSalesforceWrite write, string name) =>
        write.Fields.FirstOrDefault(f => f.Key == name).Value;
}
