using System.Security.Cryptography;

namespace CpqSync.Sandbox.Stripe.Store;

/// <summary>Stripe-shaped object ids: a type prefix and a random base-62 tail (<c>cus_QXg1o8vcGmoR32</c>).</summary>
internal static class StripeIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 14) =>
        prefix + RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>Ids of the kinds Stripe gives 24-character tails (prices, subscriptions, invoices…).</summary>
    public static string Long(string prefix) => New(prefix, 24);

    /// <summary>The <c>object</c> kind an id's prefix names, used by <c>expand</c> to find what an id points to.</summary>
    public static string? KindOf(string id) => id switch
    {
        _ when id.StartsWith("cus_", StringComparison.Ordinal) => "customer",
        _ when id.StartsWith("prod_", StringComparison.Ordinal) => "product",
        _ when id.StartsWith("price_", StringComparison.Ordinal) => "price",
        _ when id.StartsWith("sub_sched_", StringComparison.Ordinal) => "subscription_schedule",
        _ when id.StartsWith("sub_", StringComparison.Ordinal) => "subscription",
        _ when id.StartsWith("si_", StringComparison.Ordinal) => "subscription_item",
        _ when id.StartsWith("ii_", StringComparison.Ordinal) => "invoiceitem",
        _ when id.StartsWith("in_", StringComparison.Ordinal) => "invoice",
        _ when id.StartsWith("clock_", StringComparison.Ordinal) => "test_helpers.test_clock",
        _ when id.StartsWith("mtr_", StringComparison.Ordinal) => "billing.meter",
        _ => null,
    };
}
