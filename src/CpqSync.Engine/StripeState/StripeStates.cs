using CpqSync.Core.Stripe;

namespace CpqSync.Engine.StripeResolution;

/// <summary>Combining Stripe states read in more than one pass.</summary>
internal static class StripeStates
{
    /// <summary>Everything either state holds; for an id in both, <paramref name="second"/>'s (the later read) wins.</summary>
    public static StripeState Union(StripeState first, StripeState second) => new()
    {
        Customers = first.Customers.Union(second.Customers).ToHashSet(StringComparer.Ordinal),
        CustomerClocks = Union(first.CustomerClocks, second.CustomerClocks),
        Products = first.Products.Union(second.Products).ToHashSet(StringComparer.Ordinal),
        Prices = Union(first.Prices, second.Prices),
        Coupons = Union(first.Coupons, second.Coupons),
        Schedules = Union(first.Schedules, second.Schedules),
        Subscriptions = Union(first.Subscriptions, second.Subscriptions),
        SubscriptionItems = Union(first.SubscriptionItems, second.SubscriptionItems),
        Invoices = first.Invoices.Union(second.Invoices).ToHashSet(StringComparer.Ordinal),
    };

    private static Dictionary<string, T> Union<T>(IReadOnlyDictionary<string, T> first, IReadOnlyDictionary<string, T> second)
    {
        var union = new Dictionary<string, T>(first, StringComparer.Ordinal);
        foreach (var (id, value) in second)
        {
            union[id] = value;
        }

        return union;
    }
}
