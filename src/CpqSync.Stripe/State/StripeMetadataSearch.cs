using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace CpqSync.Stripe.State;

/// <summary>
/// Finds the Stripe object CpqSync created for a Salesforce record by the metadata the planner puts on it
/// (<c>{prefix}account_id</c>, <c>{prefix}product2_id</c>, <c>{prefix}order_id</c>): the last line of crash safety,
/// when both the local store and the Salesforce write-back of an id were lost.
/// </summary>
/// <remarks>
/// Customers, products, prices and subscriptions go through Stripe's Search API; schedules, which Stripe cannot
/// search, through the customer's schedule list. Stripe's search index lags writes by up to a minute (longer during
/// incidents), so an object created moments ago may not be found yet; the plan's idempotency keys cover that window.
/// When several objects match, the oldest wins: it is the one CpqSync's first run created.
/// </remarks>
public sealed class StripeMetadataSearch(IHttpClientFactory httpClientFactory, IOptions<StripeOptions> options, ILogger<StripeMetadataSearch> logger)
{
    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public async Task<MetadataMatch> FindCustomerAsync(string metadataKey, string value, CancellationToken cancellationToken)
    {
        var reads = Reads();
        var query = MetadataQuery(metadataKey, value);
        var result = await reads.GetAsync("/v1/customers/search",
            token => new CustomerService(reads.Client).SearchAsync(new CustomerSearchOptions { Query = query, Limit = 100 }, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return Oldest("customer", metadataKey, value, result.Data.Where(static c => c.Deleted != true).Select(static c => (c.Id, c.Created)), reads);
    }

    /// <summary>An active product: an archived one cannot take new prices, so it is not reused.</summary>
    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public async Task<MetadataMatch> FindProductAsync(string metadataKey, string value, CancellationToken cancellationToken)
    {
        var reads = Reads();
        var query = MetadataQuery(metadataKey, value) + " AND active:'true'";
        var result = await reads.GetAsync("/v1/products/search",
            token => new ProductService(reads.Client).SearchAsync(new ProductSearchOptions { Query = query, Limit = 100 }, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return Oldest("product", metadataKey, value, result.Data.Select(static p => (p.Id, p.Created)), reads);
    }

    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public async Task<MetadataMatch> FindPriceAsync(string metadataKey, string value, CancellationToken cancellationToken)
    {
        var reads = Reads();
        var query = MetadataQuery(metadataKey, value) + " AND active:'true'";
        var result = await reads.GetAsync("/v1/prices/search",
            token => new PriceService(reads.Client).SearchAsync(new PriceSearchOptions { Query = query, Limit = 100 }, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return Oldest("price", metadataKey, value, result.Data.Select(static p => (p.Id, p.Created)), reads);
    }

    /// <summary>A subscription that is not canceled (evergreen orders become subscriptions, not schedules).</summary>
    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public async Task<MetadataMatch> FindSubscriptionAsync(string metadataKey, string value, CancellationToken cancellationToken)
    {
        var reads = Reads();
        var query = MetadataQuery(metadataKey, value) + " AND -status:'canceled'";
        var result = await reads.GetAsync("/v1/subscriptions/search",
            token => new SubscriptionService(reads.Client).SearchAsync(new SubscriptionSearchOptions { Query = query, Limit = 100 }, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return Oldest("subscription", metadataKey, value, result.Data.Select(static s => (s.Id, s.Created)), reads);
    }

    /// <summary>
    /// The customer's subscription schedule whose own metadata carries the value, canceled ones excluded. Stripe has
    /// no schedule search: this pages through the customer's schedules.
    /// </summary>
    /// <exception cref="StripeStateReadException">Stripe refused the list or could not be reached.</exception>
    public async Task<MetadataMatch> FindScheduleAsync(string customerId, string metadataKey, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var reads = Reads();
        var matches = new List<(string Id, DateTime Created)>();
        string? after = null;
        do
        {
            var page = await reads.GetAsync("/v1/subscription_schedules",
                token => new SubscriptionScheduleService(reads.Client).ListAsync(
                    new SubscriptionScheduleListOptions { Customer = customerId, Limit = 100, StartingAfter = after }, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
            matches.AddRange(page.Data
                .Where(s => s.Status != "canceled" && s.Metadata?.GetValueOrDefault(metadataKey) == value)
                .Select(static s => (s.Id, s.Created)));
            after = page.HasMore && page.Data.Count > 0 ? page.Data[^1].Id : null;
        }
        while (after is not null);

        return Oldest("subscription_schedule", metadataKey, value, matches, reads);
    }

    private StripeReads Reads() => new(StripeClients.Create(httpClientFactory, options.Value));

    private MetadataMatch Oldest(string objectType, string metadataKey, string value, IEnumerable<(string Id, DateTime Created)> found, StripeReads reads)
    {
        var matches = found.OrderBy(static f => f.Created).ThenBy(static f => f.Id, StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            return new MetadataMatch(null, 0, reads.Calls);
        }

        logger.FoundByMetadata(objectType, matches[0].Id, metadataKey, value, matches.Count);
        return new MetadataMatch(matches[0].Id, matches.Count, reads.Calls);
    }

    /// <summary><c>metadata['key']:'value'</c>, quotes and backslashes escaped as Stripe's query language wants.</summary>
    internal static string MetadataQuery(string metadataKey, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(metadataKey);
        ArgumentNullException.ThrowIfNull(value);
        return $"metadata['{Escape(metadataKey)}']:'{Escape(value)}'";
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}
