using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Configuration;

/// <summary>The mapper keys of docs/behaviour.md §10 and the Salesforce object each one reads from.</summary>
public static class StripeObjectKeys
{
    public const string Customer = "customer";
    public const string Product = "product";
    public const string Price = "price";
    public const string PriceOrderItem = "price_order_item";
    public const string SubscriptionSchedule = "subscription_schedule";
    public const string SubscriptionItem = "subscription_item";
    public const string Subscription = "subscription";
    public const string Coupon = "coupon";
    public const string Invoice = "invoice";
    public const string InvoiceItem = "invoice_item";

    /// <summary>Object key → the sObject that custom mapping source paths start from.</summary>
    public static IReadOnlyDictionary<string, string> SourceObject { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Customer] = "Account",
        [Product] = "Product2",
        [Price] = "PricebookEntry",
        [PriceOrderItem] = "OrderItem",
        [SubscriptionSchedule] = "Order",
        [SubscriptionItem] = "OrderItem",
        [Subscription] = "Order",
        [Coupon] = PackageFields.CouponObject,
        [Invoice] = "Order",
        [InvoiceItem] = "OrderItem",
    };
}
