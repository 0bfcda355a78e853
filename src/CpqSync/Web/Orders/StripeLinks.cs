namespace CpqSync.Web.Orders;

/// <summary>Stripe Dashboard addresses of the objects CpqSync writes, from the id's prefix.</summary>
public static class StripeLinks
{
    private static readonly (string Prefix, string Segment, string Kind)[] Kinds =
    [
        ("sub_sched_", "subscription_schedules", "Subscription schedule"),
        ("sub_", "subscriptions", "Subscription"),
        ("cus_", "customers", "Customer"),
        ("prod_", "products", "Product"),
        ("price_", "prices", "Price"),
        ("in_", "invoices", "Invoice"),
        ("ii_", "invoiceitems", "Invoice item"),
        ("clock_", "test-clocks", "Test clock"),
    ];

    /// <summary>What kind of object the id names; coupons have ids of the user's choosing.</summary>
    public static string KindOf(string stripeId) =>
        Kinds.FirstOrDefault(k => stripeId.StartsWith(k.Prefix, StringComparison.Ordinal)).Kind ?? "Coupon";

    public static Uri DashboardUrl(string stripeId, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(stripeId);
        var segment = Kinds.FirstOrDefault(k => stripeId.StartsWith(k.Prefix, StringComparison.Ordinal)).Segment ?? "coupons";
        return new Uri($"https://dashboard.stripe.com/{(testMode ? "test/" : "")}{segment}/{Uri.EscapeDataString(stripeId)}");
    }
}
