using System.Collections.Concurrent;
using CpqSync.Core.Mapping;
using CpqSync.Core.Stripe;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace CpqSync.Stripe.State;

/// <summary>
/// Looks up the Stripe ids written back to Salesforce and builds the <see cref="StripeState"/> the planner plans
/// against: one GET per id, a few at a time, through the same HTTP client (retries, rate limit) as the applier.
/// </summary>
/// <remarks>
/// An id Stripe answers with <c>404</c> / <c>resource_missing</c>, or a deleted object, does not resolve and is left
/// out: the planner then treats it as never synced. Any other failure throws <see cref="StripeStateReadException"/>.
/// </remarks>
public sealed class StripeStateReader(
    IHttpClientFactory httpClientFactory, IOptions<StripeOptions> options, ILogger<StripeStateReader> logger, StripePriceCache? prices = null)
{
    /// <summary>GETs in flight at once: enough to hide latency, few enough to leave the rate limit to the applier.</summary>
    private const int MaxConcurrentReads = 4;

    /// <summary>Prices read or created before, for <see cref="StripeLookup.CachedPrices"/>.</summary>
    private readonly StripePriceCache _prices = prices ?? new StripePriceCache();

    /// <summary>Test-clock reads in flight, by clock id (see <see cref="FrozenTimeAsync"/>).</summary>
    private readonly ConcurrentDictionary<string, Task<long?>> _clockReads = new(StringComparer.Ordinal);

    /// <summary>Raised with the clock id when a read joins another's read of that clock in flight (for tests).</summary>
    internal event Action<string>? ClockReadJoined;

    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached.</exception>
    public async Task<StripeStateRead> ReadAsync(StripeLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var reads = new StripeReads(StripeClients.Create(httpClientFactory, options.Value));
        var found = new Found();
        var orderItemKey = $"{lookup.MetadataPrefix}{ObjectNames.ForMetadata("OrderItem")}_id";
        var work = Work(lookup).ToList();
        if (lookup.CachedPrices)
        {
            work.RemoveAll(read => read.Kind == Kind.Price && _prices.TryGet(read.Id, out var cached) && found.Prices.TryAdd(read.Id, cached));
        }

        foreach (var (customer, clock) in lookup.CustomerClocks)
        {
            found.Customers.TryAdd(customer, 0);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentReads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(work, parallel,
            (read, token) => new ValueTask(ReadOneAsync(reads, read.Kind, read.Id, orderItemKey, found, token))).ConfigureAwait(false);
        await Parallel.ForEachAsync(lookup.CustomerClocks.Where(static c => c.Value.Length > 0), parallel,
            async (clock, token) => await ReadClockAsync(reads, clock.Key, clock.Value, found, token).ConfigureAwait(false)).ConfigureAwait(false);

        foreach (var (id, price) in found.Prices)
        {
            _prices.Add(id, price);
        }

        var state = found.ToState();
        logger.StateRead(work.Count, Math.Max(0, work.Count - found.Count), reads.Calls);
        return new StripeStateRead(state, reads.Calls) { CustomerTestClocks = new Dictionary<string, string>(found.TestClocks, StringComparer.Ordinal) };
    }

    /// <summary>The frozen time of the test clock a customer lives on (a clock deleted since leaves the customer on none).</summary>
    private async Task ReadClockAsync(StripeReads reads, string customerId, string clockId, Found found, CancellationToken cancellationToken)
    {
        if (await FrozenTimeAsync(reads, clockId, cancellationToken).ConfigureAwait(false) is { } frozen)
        {
            found.Clocks[customerId] = frozen;
        }
    }

    /// <summary>
    /// A test clock's frozen time, read once for the orders of its customer planned at the same moment (single flight): an
    /// order whose read of the clock is already in flight takes that read's answer instead of sending its own. Nothing is
    /// kept once the answer is in, so a sync that starts after a clock was advanced reads the advanced time.
    /// </summary>
    /// <returns>The frozen time in Unix seconds; <see langword="null"/> when Stripe holds no such clock.</returns>
    private async Task<long?> FrozenTimeAsync(StripeReads reads, string clockId, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = _clockReads.GetOrAdd(clockId, mine.Task);
        if (reading != mine.Task)
        {
            ClockReadJoined?.Invoke(clockId);
            try
            {
                return await reading.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The sync that sent the read was cancelled, not this one: read it ourselves.
                return await ReadFrozenTimeAsync(reads, clockId, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            var frozen = await ReadFrozenTimeAsync(reads, clockId, cancellationToken).ConfigureAwait(false);
            mine.SetResult(frozen);
            return frozen;
        }
        catch (Exception failed)
        {
            mine.SetException(failed);
            _ = mine.Task.Exception; // Observed: the joiners (if any) rethrow it.
            throw;
        }
        finally
        {
            _clockReads.TryRemove(new KeyValuePair<string, Task<long?>>(clockId, mine.Task));
        }
    }

    private static async Task<long?> ReadFrozenTimeAsync(StripeReads reads, string clockId, CancellationToken cancellationToken) =>
        await reads.GetOrMissingAsync($"/v1/test_helpers/test_clocks/{clockId}",
                t => new global::Stripe.TestHelpers.TestClockService(reads.Client).GetAsync(clockId, cancellationToken: t), cancellationToken)
            .ConfigureAwait(false) is { } clock
            ? new DateTimeOffset(DateTime.SpecifyKind(clock.FrozenTime, DateTimeKind.Utc)).ToUnixTimeSeconds()
            : null;

    /// <summary>
    /// The Salesforce lines (<c>{prefix}order_item_id</c> metadata) the items of an invoice name: what an invoice
    /// created before a crash already holds, so the sync adds only the items it lacks.
    /// </summary>
    /// <exception cref="StripeStateReadException">Stripe refused the list or could not be reached.</exception>
    public async Task<(IReadOnlySet<string> OrderItemIds, int StripeCalls)> ReadInvoiceItemsAsync(
        string invoiceId, string metadataPrefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(invoiceId);
        ArgumentNullException.ThrowIfNull(metadataPrefix);
        var reads = new StripeReads(StripeClients.Create(httpClientFactory, options.Value));
        var orderItemKey = $"{metadataPrefix}{ObjectNames.ForMetadata("OrderItem")}_id";
        var service = new InvoiceItemService(reads.Client);
        var lines = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            var list = new InvoiceItemListOptions { Invoice = invoiceId, Limit = 100, StartingAfter = after };
            var page = await reads.GetAsync("/v1/invoiceitems", token => service.ListAsync(list, cancellationToken: token), cancellationToken)
                .ConfigureAwait(false);
            lines.UnionWith(page.Data.Select(i => i.Metadata?.GetValueOrDefault(orderItemKey)).OfType<string>());
            after = page.HasMore && page.Data.Count > 0 ? page.Data[^1].Id : null;
        }
        while (after is not null);

        return (lines, reads.Calls);
    }

    private static IEnumerable<(Kind Kind, string Id)> Work(StripeLookup lookup)
    {
        var sets = new (Kind, IReadOnlySet<string>)[]
        {
            (Kind.Customer, lookup.Customers), (Kind.Product, lookup.Products), (Kind.Price, lookup.Prices), (Kind.Coupon, lookup.Coupons),
            (Kind.Schedule, lookup.Schedules), (Kind.Subscription, lookup.Subscriptions), (Kind.Invoice, lookup.Invoices),
        };
        foreach (var (kind, ids) in sets)
        {
            foreach (var id in ids.Where(static id => !string.IsNullOrWhiteSpace(id)).Order(StringComparer.Ordinal))
            {
                yield return (kind, id);
            }
        }
    }

    private async Task ReadOneAsync(
        StripeReads reads, Kind kind, string id, string orderItemKey, Found found, CancellationToken cancellationToken)
    {
        var client = reads.Client;
        Task<T?> Get<T>(string resource, Func<CancellationToken, Task<T>> get)
            where T : class => reads.GetOrMissingAsync($"/v1/{resource}/{id}", get, cancellationToken);

        switch (kind)
        {
            case Kind.Customer when await Get("customers", t => new CustomerService(client).GetAsync(id, cancellationToken: t)).ConfigureAwait(false)
                is { Deleted: not true } customer:
                found.Customers.TryAdd(id, 0);
                found.TestClocks[id] = customer.TestClockId ?? "";
                // A customer on a test clock (test mode only) lives at the clock's time: one more read, for those customers alone.
                if (customer.TestClockId is { Length: > 0 } clockId)
                {
                    await ReadClockAsync(reads, id, clockId, found, cancellationToken).ConfigureAwait(false);
                }

                break;
            case Kind.Product when await Get("products", t => new ProductService(client).GetAsync(id, cancellationToken: t)).ConfigureAwait(false)
                is { Deleted: not true }:
                found.Products.TryAdd(id, 0);
                break;
            // Tiers are only in the answer when asked for.
            case Kind.Price when await Get("prices", t => new PriceService(client).GetAsync(id, new PriceGetOptions { Expand = ["tiers"] },
                    cancellationToken: t)).ConfigureAwait(false) is { Deleted: not true } price:
                found.Prices[id] = StripeObjectForms.Price(price);
                break;
            case Kind.Coupon when await Get("coupons", t => new CouponService(client).GetAsync(id, cancellationToken: t)).ConfigureAwait(false)
                is { Deleted: not true } coupon:
                found.Coupons[id] = StripeObjectForms.Coupon(coupon);
                break;
            case Kind.Schedule when await Get("subscription_schedules",
                    t => new SubscriptionScheduleService(client).GetAsync(id, cancellationToken: t)).ConfigureAwait(false) is { } schedule:
                found.Schedules[id] = StripeObjectForms.Schedule(schedule);
                break;
            case Kind.Subscription:
                await ReadSubscriptionAsync(reads, id, orderItemKey, found, cancellationToken).ConfigureAwait(false);
                break;
            case Kind.Invoice when await Get("invoices", t => new InvoiceService(client).GetAsync(id, cancellationToken: t)).ConfigureAwait(false)
                is { Deleted: not true }:
                found.Invoices.TryAdd(id, 0);
                break;
        }
    }

    /// <summary>The subscription's status and every item: the first page comes with it, further pages from the items list.</summary>
    private static async Task ReadSubscriptionAsync(
        StripeReads reads, string id, string orderItemKey, Found found, CancellationToken cancellationToken)
    {
        var subscription = await reads.GetOrMissingAsync($"/v1/subscriptions/{id}",
            token => new SubscriptionService(reads.Client).GetAsync(id, cancellationToken: token), cancellationToken).ConfigureAwait(false);
        if (subscription is null)
        {
            return;
        }

        var items = subscription.Items?.Data?.ToList() ?? [];
        var more = subscription.Items?.HasMore == true;
        while (more)
        {
            var options = new SubscriptionItemListOptions { Subscription = id, Limit = 100, StartingAfter = items[^1].Id };
            var page = await reads.GetAsync("/v1/subscription_items",
                token => new SubscriptionItemService(reads.Client).ListAsync(options, cancellationToken: token),
                cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Data);
            more = page.HasMore && page.Data.Count > 0;
        }

        found.Subscriptions[id] = subscription.Status;
        found.SubscriptionItems[id] = items.Select(item => StripeObjectForms.Item(item, orderItemKey)).ToList();
    }

    private enum Kind
    {
        Customer,
        Product,
        Price,
        Coupon,
        Schedule,
        Subscription,
        Invoice,
    }

    /// <summary>What resolved, filled concurrently.</summary>
    private sealed class Found
    {
        public ConcurrentDictionary<string, byte> Customers { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, long> Clocks { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string> TestClocks { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, byte> Products { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Prices { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Coupons { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, StripeScheduleState> Schedules { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string> Subscriptions { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, IReadOnlyList<StripeSubscriptionItem>> SubscriptionItems { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, byte> Invoices { get; } = new(StringComparer.Ordinal);

        public int Count => Customers.Count + Products.Count + Prices.Count + Coupons.Count + Schedules.Count + Subscriptions.Count + Invoices.Count;

        public StripeState ToState() => new()
        {
            Customers = Customers.Keys.ToHashSet(StringComparer.Ordinal),
            CustomerClocks = new Dictionary<string, long>(Clocks, StringComparer.Ordinal),
            Products = Products.Keys.ToHashSet(StringComparer.Ordinal),
            Prices = new Dictionary<string, IReadOnlyDictionary<string, string>>(Prices, StringComparer.Ordinal),
            Coupons = new Dictionary<string, IReadOnlyDictionary<string, string>>(Coupons, StringComparer.Ordinal),
            Schedules = new Dictionary<string, StripeScheduleState>(Schedules, StringComparer.Ordinal),
            Subscriptions = new Dictionary<string, string>(Subscriptions, StringComparer.Ordinal),
            SubscriptionItems = new Dictionary<string, IReadOnlyList<StripeSubscriptionItem>>(SubscriptionItems, StringComparer.Ordinal),
            Invoices = Invoices.Keys.ToHashSet(StringComparer.Ordinal),
        };
    }
}
