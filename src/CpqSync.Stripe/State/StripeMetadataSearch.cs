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
/// search, and invoices through the customer's list. Stripe's search index lags writes by up to a minute (longer during
/// incidents), so an object created moments ago may not be found yet; the plan's idempotency keys cover that window.
/// When several objects match, the oldest wins: it is the one CpqSync's first run created.
/// </remarks>
public sealed class StripeMetadataSearch(IHttpClientFactory httpClientFactory, IOptions<StripeOptions> options, ILogger<StripeMetadataSearch> logger)
{
    /// <summary>Stripe's largest page, of a list or a search.</summary>
    private const long PageLimit = 100;

    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public Task<MetadataMatch> FindCustomerAsync(string metadataKey, string value, CancellationToken cancellationToken) =>
        SearchAsync("customer", "/v1/customers/search", MetadataQuery(metadataKey, value),
            (client, query, token) => new CustomerService(client).SearchAsync(new CustomerSearchOptions { Query = query, Limit = PageLimit },
                cancellationToken: token),
            static c => (c.Id, c.Created), metadataKey, value, cancellationToken);

    /// <summary>An active product: an archived one cannot take new prices, so it is not reused.</summary>
    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public Task<MetadataMatch> FindProductAsync(string metadataKey, string value, CancellationToken cancellationToken) =>
        SearchAsync("product", "/v1/products/search", MetadataQuery(metadataKey, value) + " AND active:'true'",
            (client, query, token) => new ProductService(client).SearchAsync(new ProductSearchOptions { Query = query, Limit = PageLimit },
                cancellationToken: token),
            static p => (p.Id, p.Created), metadataKey, value, cancellationToken);

    /// <summary>An active price.</summary>
    /// <param name="unlessMetadataKey">Prices carrying this metadata key are left out (prices derived from the record's own).</param>
    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public Task<MetadataMatch> FindPriceAsync(string metadataKey, string value, CancellationToken cancellationToken, string? unlessMetadataKey = null) =>
        SearchAsync("price", "/v1/prices/search", MetadataQuery(metadataKey, value) + " AND active:'true'",
            async (client, query, token) =>
            {
                var found = await new PriceService(client).SearchAsync(new PriceSearchOptions { Query = query, Limit = PageLimit }, cancellationToken: token)
                    .ConfigureAwait(false);
                if (unlessMetadataKey is not null)
                {
                    found.Data = found.Data.Where(p => p.Metadata?.ContainsKey(unlessMetadataKey) != true).ToList();
                }

                return found;
            },
            static p => (p.Id, p.Created), metadataKey, value, cancellationToken);

    /// <summary>A subscription that is not canceled (evergreen orders starting at once become subscriptions, not schedules).</summary>
    /// <exception cref="StripeStateReadException">Stripe refused the search or could not be reached.</exception>
    public Task<MetadataMatch> FindSubscriptionAsync(string metadataKey, string value, CancellationToken cancellationToken) =>
        SearchAsync("subscription", "/v1/subscriptions/search", MetadataQuery(metadataKey, value) + " AND -status:'canceled'",
            (client, query, token) => new SubscriptionService(client).SearchAsync(
                new SubscriptionSearchOptions { Query = query, Limit = PageLimit }, cancellationToken: token),
            static s => (s.Id, s.Created), metadataKey, value, cancellationToken);

    /// <summary>
    /// The customer's subscription schedule whose own metadata carries the value, canceled ones excluded. Stripe has
    /// no schedule search: this pages through the customer's schedules.
    /// </summary>
    /// <exception cref="StripeStateReadException">Stripe refused the list or could not be reached.</exception>
    public async Task<MetadataMatch> FindScheduleAsync(string customerId, string metadataKey, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var reads = Reads();
        var service = new SubscriptionScheduleService(reads.Client);
        var matches = await ListMatchesAsync(reads, "/v1/subscription_schedules",
            (after, token) => service.ListAsync(
                new SubscriptionScheduleListOptions { Customer = customerId, Limit = PageLimit, StartingAfter = after }, cancellationToken: token),
            s => s.Status != "canceled" && s.Metadata?.GetValueOrDefault(metadataKey) == value,
            static s => (s.Id, s.Created), cancellationToken).ConfigureAwait(false);
        return Oldest("subscription_schedule", metadataKey, value, matches, reads);
    }

    /// <summary>
    /// The customer's invoice whose metadata carries the value (orders of one-time lines only become invoices). The
    /// customer's invoice list answers at once, where the invoice search index may lag.
    /// </summary>
    /// <exception cref="StripeStateReadException">Stripe refused the list or could not be reached.</exception>
    public async Task<MetadataMatch> FindInvoiceAsync(string customerId, string metadataKey, string value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        var reads = Reads();
        var service = new InvoiceService(reads.Client);
        var matches = await ListMatchesAsync(reads, "/v1/invoices",
            (after, token) => service.ListAsync(
                new InvoiceListOptions { Customer = customerId, Limit = PageLimit, StartingAfter = after }, cancellationToken: token),
            i => i.Metadata?.GetValueOrDefault(metadataKey) == value,
            static i => (i.Id, i.Created), cancellationToken).ConfigureAwait(false);
        return Oldest("invoice", metadataKey, value, matches, reads);
    }

    /// <summary>Every page of a list, keeping the objects that match.</summary>
    private static async Task<List<(string Id, DateTime Created)>> ListMatchesAsync<T>(StripeReads reads, string path,
        Func<string?, CancellationToken, Task<StripeList<T>>> page, Func<T, bool> matches, Func<T, (string Id, DateTime Created)> key,
        CancellationToken cancellationToken)
        where T : IHasId
    {
        var found = new List<(string Id, DateTime Created)>();
        string? after = null;
        do
        {
            var current = await reads.GetAsync(path, token => page(after, token), cancellationToken).ConfigureAwait(false);
            found.AddRange(current.Data.Where(matches).Select(key));
            after = current.HasMore && current.Data.Count > 0 ? current.Data[^1].Id : null;
        }
        while (after is not null);

        return found;
    }

    private StripeReads Reads() => new(StripeClients.Create(httpClientFactory, options.Value));

    /// <summary>One page of results: a handful of matches at most is expected, the oldest of which wins.</summary>
    private async Task<MetadataMatch> SearchAsync<T>(string objectType, string path, string query,
        Func<StripeClient, string, CancellationToken, Task<StripeSearchResult<T>>> search,
        Func<T, (string Id, DateTime Created)> key, string metadataKey, string value, CancellationToken cancellationToken)
    {
        var reads = Reads();
        var result = await reads.GetAsync(path, token => search(reads.Client, query, token), cancellationToken).ConfigureAwait(false);
        return Oldest(objectType, metadataKey, value, result.Data.Select(key), reads);
    }

    private MetadataMatch Oldest(
        string objectType, string metadataKey, string value, IEnumerable<(string Id, DateTime Created)> found, StripeReads reads)
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
