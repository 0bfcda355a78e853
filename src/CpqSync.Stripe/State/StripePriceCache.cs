using System.Collections.Concurrent;
using Stripe;

namespace CpqSync.Stripe.State;

/// <summary>
/// The prices this engine read or created, by id, in the form the planner compares: Stripe never changes a price's data
/// nor deletes a price (docs/behaviour.md §3.10), so what was seen once holds ever after and need not be read again.
/// </summary>
/// <remarks>
/// One instance per engine, shared by the reader and the applier. Bounded so a long-running service's memory stays
/// flat: a price's form takes about 700 bytes (its id and a handful of short fields), so <see cref="MaxPrices"/> keep
/// under 10 MB.
/// </remarks>
public sealed class StripePriceCache
{
    /// <summary>Prices kept at most; past that the cache starts again (a price is then read once more, one GET).</summary>
    internal const int MaxPrices = 10_000;

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _prices = new(StringComparer.Ordinal);

    internal bool TryGet(string id, out IReadOnlyDictionary<string, string> price) => _prices.TryGetValue(id, out price!);

    internal void Add(string id, IReadOnlyDictionary<string, string> price)
    {
        if (_prices.Count >= MaxPrices)
        {
            _prices.Clear();
        }

        _prices[id] = price;
    }

    /// <summary>A price as Stripe answered its creation; a tiered one is left out (its tiers come only when expanded).</summary>
    internal void AddCreated(string json)
    {
        var price = StripeEntity.FromJson<Price>(json);
        if (price?.Id is { Length: > 0 } id && price.BillingScheme != "tiered" && price.Deleted != true)
        {
            Add(id, StripeObjectForms.Price(price));
        }
    }
}
