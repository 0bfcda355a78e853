using System.Collections.Concurrent;
using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Salesforce;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static CpqSync.Engine.Snapshots.PlannerFields;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// Reads what planning one order needs from Salesforce in a constant number of calls, whatever the number of
/// lines: each round of queries goes out as one composite request, and children are reached through IN lists
/// and semi-joins, never one query per line.
/// </summary>
/// <remarks>
/// Rounds: (1) the order with its account, opportunity, quote and primary contact (parents come nested in the
/// same row), and its lines with products, price book entries, quote lines, usage schedules and quote coupons;
/// (2) when the order belongs to a contract (amended, renewed or its own), the contract and every order on it;
/// (3) the same for those other orders, and coupon copies for all; (4) the rates of the usage schedules (see
/// <see cref="SnapshotRounds"/>). Salesforce takes five queries per composite request, so a round is one or two calls. The first snapshot of a reader also describes the
/// objects once, in one more call. An org without coupon records (<see cref="CouponPresence"/>) skips round (3)'s coupons,
/// so an order off any contract is read in one call.
/// </remarks>
public sealed class OrderSnapshotReader(SalesforceClient client, ILogger<OrderSnapshotReader>? logger = null, TimeProvider? time = null)
{
    private readonly OrgSchema _schema = new(client);
    private readonly CouponPresence _coupons = new(time ?? TimeProvider.System);
    private readonly ILogger _logger = logger ?? NullLogger<OrderSnapshotReader>.Instance;

    private readonly ConcurrentDictionary<string, Prefetched> _prefetched = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<IReadOnlyList<string>> _prefetchedPages = new();

    /// <summary>Fields this engine's write-backs set since pages were read ahead, by record id, each with its sequence number.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, (long Sequence, string Value)>> _writtenBack = new(StringComparer.Ordinal);
    private long _writeSequence;

    /// <summary>
    /// Reads the snapshots of a page of orders together (a backfill's page): the same queries as
    /// <see cref="ReadAsync"/> with IN lists of up to <see cref="SnapshotRounds.IdsPerQuery"/> orders, so a page costs
    /// a few composite calls whatever its size. Each order's next <see cref="ReadAsync"/> under the same field selection
    /// is then answered from the page without a call, once; a retry reads afresh. The last two pages are kept (the one
    /// syncing and the one read ahead); older orders not read by then are dropped.
    /// </summary>
    /// <returns>The Salesforce calls the page took.</returns>
    public async Task<int> PrefetchAsync(IReadOnlyList<string> orderIds, SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        ArgumentNullException.ThrowIfNull(configuration);
        var ids = orderIds.Where(SalesforceIds.IsWellFormed).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        // Write-backs from here on may or may not be in the page: they are laid over it when an order is cut from it.
        var readFrom = Interlocked.Read(ref _writeSequence);
        var calls = new CallCounter();
        var select = await SelectAsync(configuration, calls, cancellationToken).ConfigureAwait(false);
        var merged = new RecordMerger();
        var read = new SnapshotRounds(client, calls, select, configuration, merged, _coupons);
        await read.PageAsync(ids, cancellationToken).ConfigureAwait(false);
        var contracts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (merged.Find(id) is { Type: Order } order && ContractIds(order, merged) is { Count: > 0 } ofOrder)
            {
                contracts[id] = ofOrder;
            }
        }

        var allOrders = contracts.Count > 0
            ? await read.ContractOrdersAsync(ids, [.. contracts.Values.SelectMany(static c => c).Distinct(StringComparer.Ordinal)], cancellationToken)
                .ConfigureAwait(false)
            : ids;
        // The quotes of the orders' opportunities (an amendment's check) when any order is on a contract: each order's cut takes them only when it is.
        var onContract = contracts.Count > 0 ? allOrders.ToHashSet(StringComparer.Ordinal) : [];
        await read.RelatedAsync(ids.ToHashSet(StringComparer.Ordinal), allOrders, onContract, cancellationToken).ConfigureAwait(false);
        await read.DependentsAsync(cancellationToken).ConfigureAwait(false);

        Keep(ids, new PageSnapshots(merged.ToRecordSet(), select, configuration), select, readFrom);
        _logger.SnapshotPageRead(ids.Count, calls.Calls);
        return calls.Calls;
    }

    /// <summary>
    /// Reads a backfill page (<see cref="OrderPageQuery"/>) and its orders' snapshots, keyed on the page itself rather
    /// than on lists of its ids: one composite call for the orders with their whole select list (the page query is the
    /// order round; the backfill's COUNT and the org's coupon counts ride in it), then one for every object hanging off
    /// them, each read by the page's range (<see cref="SnapshotRounds.PageRelatedAsync"/>); the usage schedules' rates and
    /// the orders' contracts (<see cref="ReadAsync"/>'s later rounds, by IN lists) only when the page has any. Each order's next <see cref="ReadAsync"/> is then answered from the page, as after <see cref="PrefetchAsync"/>.
    /// </summary>
    /// <exception cref="SalesforceApiException">Salesforce refused the page's query.</exception>
    public async Task<OrderPageRead> ReadPageAsync(OrderPageQuery page, SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(configuration);
        var readFrom = Interlocked.Read(ref _writeSequence);
        var calls = new CallCounter();
        SelectLists select;
        try
        {
            select = await SelectAsync(configuration, calls, cancellationToken).ConfigureAwait(false);
        }
        catch (SnapshotSchemaException missing)
        {
            return await ReadPageIdsAsync(page, calls, missing.Message, cancellationToken).ConfigureAwait(false);
        }

        var merged = new RecordMerger();
        var read = new SnapshotRounds(client, calls, select, configuration, merged, _coupons);
        List<SfRecord> rows;
        int? total;
        try
        {
            (rows, total) = await read.PageOrdersAsync(page, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException refused) when (!refused.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            // A mapping path the org refuses (a bad deeper hop): the page's ids alone, and each order reports it.
            return await ReadPageIdsAsync(page, calls, refused.Message, cancellationToken).ConfigureAwait(false);
        }

        var orders = rows.Select(ToPageOrder).ToList();
        if (orders.Count == 0)
        {
            return new OrderPageRead(orders, total, calls.Calls, null);
        }

        var ids = orders.Select(static o => o.Id).ToList();
        var last = orders[^1];
        try
        {
            await read.PageRelatedAsync(path => page.Range(path, null, (last.ActivatedDate, last.Id)), parts => LineRanges(page, orders, parts), cancellationToken)
                .ConfigureAwait(false);
            var pageIds = ids.ToHashSet(StringComparer.Ordinal);
            var contracts = ids.Select(id => merged.Find(id)).OfType<SfRecord>().SelectMany(o => ContractIds(o, merged))
                .Distinct(StringComparer.Ordinal).ToList();
            if (contracts.Count > 0)
            {
                var allOrders = await read.ContractOrdersAsync(ids, contracts, cancellationToken).ConfigureAwait(false);
                await read.RelatedAsync(pageIds, allOrders, allOrders.ToHashSet(StringComparer.Ordinal), cancellationToken, couponsRead: pageIds)
                    .ConfigureAwait(false);
            }

            await read.DependentsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SalesforceApiException && !cancellationToken.IsCancellationRequested)
        {
            // Each order then reads its own snapshot, and its sync reports what Salesforce refused.
            return new OrderPageRead(orders, total, calls.Calls, e.Message);
        }

        Keep(ids, new PageSnapshots(merged.ToRecordSet(), select, configuration), select, readFrom);
        _logger.SnapshotPageRead(ids.Count, calls.Calls);
        return new OrderPageRead(orders, total, calls.Calls, null);
    }

    /// <summary>The page's orders cut into <paramref name="parts"/> consecutive ranges of about as many orders, as a line sees them.</summary>
    private static List<SoqlQuery> LineRanges(OrderPageQuery page, List<PageOrder> orders, int parts)
    {
        parts = Math.Clamp(parts, 1, orders.Count);
        var ranges = new List<SoqlQuery>(parts);
        (DateTimeOffset ActivatedDate, string Id)? from = null;
        for (var part = 1; part <= parts; part++)
        {
            var to = orders[(part * orders.Count / parts) - 1];
            ranges.Add(page.Range("Order.", from, (to.ActivatedDate, to.Id)));
            from = (to.ActivatedDate, to.Id);
        }

        return ranges;
    }

    /// <summary>The page's ids alone (and its COUNT), when its orders' select list can't be read: each order reads its own snapshot and reports why.</summary>
    private async Task<OrderPageRead> ReadPageIdsAsync(OrderPageQuery page, CallCounter calls, string reason, CancellationToken cancellationToken)
    {
        var batch = new QueryBatch(client, calls);
        int? total = null;
        List<SfRecord> rows = [];
        if (page.Count is { } count)
        {
            batch.AddCount(count, n => total = n);
        }

        batch.Add(Order, Soql.Query($"SELECT Id, ContractId, ActivatedDate FROM Order WHERE {page.Where} ORDER BY ActivatedDate, Id LIMIT {page.Limit}"),
            found => rows = found);
        _ = await batch.RunAsync(cancellationToken).ConfigureAwait(false);
        return new OrderPageRead(rows.Select(ToPageOrder).ToList(), total, calls.Calls, reason);
    }

    private static PageOrder ToPageOrder(SfRecord order) =>
        new(order.Id, order.GetString("ContractId"), SalesforceDateTimes.Parse(order.GetString("ActivatedDate")
            ?? throw new InvalidOperationException($"Order {order.Id} of a backfill page has no ActivatedDate.")));

    /// <summary>Keeps a page read ahead for its orders' next reads; the last two pages are kept (the one syncing and the one read ahead).</summary>
    private void Keep(List<string> ids, PageSnapshots page, SelectLists select, long readFrom)
    {
        var prefetched = new Prefetched(page, select.Signature, readFrom);
        foreach (var id in ids)
        {
            _prefetched[id] = prefetched;
        }

        _prefetchedPages.Enqueue(ids);
        while (_prefetchedPages.Count > 2 && _prefetchedPages.TryDequeue(out var old))
        {
            foreach (var id in old)
            {
                _prefetched.TryRemove(id, out _);
            }
        }

        ForgetWriteBacksBefore(_prefetched.Values.Select(static p => p.ReadFrom).DefaultIfEmpty(readFrom).Min());
    }

    public async Task<OrderSnapshot> ReadAsync(string orderId, SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!SalesforceIds.IsWellFormed(orderId))
        {
            throw new OrderNotFoundException(orderId, "is not a Salesforce record id");
        }

        var calls = new CallCounter();
        var select = await SelectAsync(configuration, calls, cancellationToken).ConfigureAwait(false);
        if (_prefetched.TryRemove(orderId, out var prefetched) && prefetched.Signature == select.Signature
            && prefetched.Page.Slice(orderId) is { } cut)
        {
            var slice = WithWriteBacks(cut, prefetched.ReadFrom);
            _logger.SnapshotRead(orderId, slice.All.Count(), calls.Calls);
            return new OrderSnapshot(orderId, slice, StripeReferences.From(slice), calls.Calls) { ReadAhead = true };
        }

        var merged = new RecordMerger();
        var read = new SnapshotRounds(client, calls, select, configuration, merged, _coupons);

        await read.OrderAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (merged.Find(orderId) is not { Type: Order } order)
        {
            throw new OrderNotFoundException(orderId, "was not found");
        }

        var contracts = ContractIds(order, merged);
        var orderIds = contracts.Count > 0
            ? await read.ContractOrdersAsync([orderId], contracts, cancellationToken).ConfigureAwait(false)
            : [orderId];
        var onContract = contracts.Count > 0 ? orderIds.ToHashSet(StringComparer.Ordinal) : [];
        await read.RelatedAsync(new HashSet<string>([orderId], StringComparer.Ordinal), orderIds, onContract, cancellationToken).ConfigureAwait(false);
        await read.DependentsAsync(cancellationToken).ConfigureAwait(false);

        var records = merged.ToRecordSet();
        _logger.SnapshotRead(orderId, records.All.Count(), calls.Calls);
        return new OrderSnapshot(orderId, records, StripeReferences.From(records), calls.Calls);
    }

    private async Task<SelectLists> SelectAsync(SyncConfiguration configuration, CallCounter calls, CancellationToken cancellationToken)
    {
        await _schema.EnsureDescribedAsync(Objects(configuration), calls, cancellationToken).ConfigureAwait(false);
        try
        {
            return SelectLists.Build(_schema, configuration);
        }
        catch (SnapshotSchemaException missing)
        {
            _logger.SnapshotSchemaMissing(string.Join(", ", missing.Missing));
            throw;
        }
    }

    /// <summary>
    /// Tells the reader what a sync wrote back to Salesforce (the Stripe ids of an account, a product, a price book
    /// entry), so the orders of a page read ahead before that sync see it as their own read would: shared records
    /// synced by an earlier order of the page then carry their ids, and the resolver trusts them without a Stripe read.
    /// </summary>
    public void WrittenBack(IEnumerable<(string RecordId, IReadOnlyList<KeyValuePair<string, string>> Fields)> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (_prefetched.IsEmpty)
        {
            return;
        }

        foreach (var (recordId, fields) in writes)
        {
            var sequence = Interlocked.Increment(ref _writeSequence);
            var written = _writtenBack.GetOrAdd(recordId, static _ => new(StringComparer.Ordinal));
            foreach (var (field, value) in fields)
            {
                written[field] = (sequence, value);
            }
        }
    }

    /// <summary>The slice with the fields written back after its page was read laid over its records.</summary>
    private RecordSet WithWriteBacks(RecordSet slice, long readFrom)
    {
        if (_writtenBack.IsEmpty)
        {
            return slice;
        }

        return new RecordSet(slice.All.Select(record =>
        {
            if (!_writtenBack.TryGetValue(record.Id, out var fields))
            {
                return record;
            }

            foreach (var (field, (sequence, value)) in fields)
            {
                if (sequence > readFrom)
                {
                    record = record.With(field, value);
                }
            }

            return record;
        }));
    }

    /// <summary>Drops write-backs every page still kept was read after.</summary>
    private void ForgetWriteBacksBefore(long readFrom)
    {
        foreach (var (recordId, fields) in _writtenBack)
        {
            foreach (var (field, (sequence, _)) in fields)
            {
                if (sequence <= readFrom)
                {
                    fields.TryRemove(field, out _);
                }
            }

            if (fields.IsEmpty)
            {
                _writtenBack.TryRemove(recordId, out _);
            }
        }
    }

    /// <param name="ReadFrom">The write-back sequence number when the page's read began.</param>
    private sealed record Prefetched(PageSnapshots Page, string Signature, long ReadFrom);

    /// <summary>The contracts whose history the planner may walk: the one the order belongs to, amends or renews.</summary>
    private static List<string> ContractIds(SfRecord order, RecordMerger merged)
    {
        var opportunity = order.GetString("OpportunityId") is { } opportunityId ? merged.Find(opportunityId) : null;
        return new[] { order.GetString("ContractId"), opportunity?.GetString("SBQQ__AmendedContract__c"), opportunity?.GetString("SBQQ__RenewedContract__c") }
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
