using CpqSync.Core.Stripe;

namespace CpqSync.Cli;

/// <summary>The Stripe Dashboard page of an object, from its id's prefix (<c>cus_</c>, <c>sub_sched_</c>…).</summary>
public static class StripeLinks
{
    /// <summary>Longest prefix first: <c>sub_sched_</c> before <c>sub_</c>.</summary>
    private static readonly (string Prefix, string Segment, string Kind)[] Pages =
    [
        ("sub_sched_", "subscription_schedules", "Subscription schedule"),
        ("sub_", "subscriptions", "Subscription"),
        ("cus_", "customers", "Customer"),
        ("prod_", "products", "Product"),
        ("price_", "prices", "Price"),
        ("in_", "invoices", "Invoice"),
        ("ii_", "invoiceitems", "Invoice item"),
        ("mtr_", "billing/meters", "Meter"),
        ("clock_", "test-clocks", "Test clock"),
    ];

    /// <summary>What kind of object the id names, from its prefix; <see langword="null"/> for a free-form id (a coupon's).</summary>
    public static string? Kind(string stripeId)
    {
        ArgumentNullException.ThrowIfNull(stripeId);
        return Pages.FirstOrDefault(p => stripeId.StartsWith(p.Prefix, StringComparison.Ordinal)).Kind;
    }

    /// <summary>The Dashboard link, or <see langword="null"/> for ids with no page of their own (coupons have free-form ids).</summary>
    /// <param name="testMode">A test-mode key (<c>sk_test_</c>, <c>rk_test_</c>): the Dashboard shows the object under <c>/test/</c>.</param>
    public static string? Dashboard(string stripeId, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(stripeId);
        foreach (var (prefix, segment, _) in Pages)
        {
            if (stripeId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return StripeDashboard.Url(segment, stripeId, testMode);
            }
        }

        return null;
    }
}
