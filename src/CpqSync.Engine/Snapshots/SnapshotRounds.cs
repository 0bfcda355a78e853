using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Salesforce;
using static CpqSync.Engine.Snapshots.PlannerFields;

namespace CpqSync.Engine.Snapshots;

/// <summary>The query rounds of one snapshot; each adds what it read to the shared <see cref="RecordMerger"/>.</summary>
internal sealed class SnapshotRounds(
    SalesforceClient client, CallCounter calls, SelectLists select, SyncConfiguration configuration, RecordMerger merged, CouponPresence coupons)
{
    /// <summary>Whether the rounds read coupons: the feature is on, and the org holds coupon records (or is not known not to).</summary>
    private bool ReadsCoupons => configuration.Settings.Coupons && (!coupons.KnownAbsent || merged.OfType(QuoteCouponAssociation).Any());

    /// <summary>
    /// Ids per IN list: 400 ids (about 11,000 characters once escaped, with the select list) keep each query's URL
    /// under the 16,384 characters Salesforce accepts and far below SOQL's 100,000.
    /// </summary>
    public const int IdsPerQuery = 400;

    private bool _counting;

    private SoqlFieldList Fields(string sObject) => Soql.Fields(select.For(sObject));

    private SoqlFieldList WithParents(string sObject) => Soql.Fields(select.WithParents(sObject));

    private QueryBatch NewBatch() => new(client, calls);

    private async Task RunAsync(QueryBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count > 0)
        {
            merged.AddRange(await batch.RunAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The order with its account, opportunity, quote and primary contact, and (by the order id alone) its
    /// lines, their schedules and the quote's coupons: one call for the usual order.
    /// </summary>
    public Task OrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var batch = NewBatch();
        batch.Add(Order, Soql.Query($"SELECT {WithParents(Order)} FROM Order WHERE Id = {orderId}"));
        AddLines(batch, [orderId]);
        return RunAsync(batch, cancellationToken);
    }

    /// <summary>
    /// A page of orders (backfill): each slice of <see cref="IdsPerQuery"/> orders as the order query and its
    /// lines' queries, so a page of 2,000 orders is a few composite calls, not one per order.
    /// </summary>
    public Task PageAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var batch = NewBatch();
        foreach (var slice in orderIds.Chunk(IdsPerQuery))
        {
            List<string> ids = [.. slice];
            batch.Add(Order, Soql.Query($"SELECT {WithParents(Order)} FROM Order WHERE Id IN {ids}"));
            AddLines(batch, ids);
        }

        return RunAsync(batch, cancellationToken);
    }

    /// <summary>
    /// A backfill page's orders (<see cref="OrderPageQuery"/>): the page query itself selects the order's whole select
    /// list, so it is the order round; the backfill's COUNT and the org's coupon counts (when due) ride in the same call.
    /// </summary>
    /// <returns>The page's orders in the query's order, and the COUNT's total when one was asked.</returns>
    public async Task<(List<SfRecord> Orders, int? Total)> PageOrdersAsync(OrderPageQuery page, CancellationToken cancellationToken)
    {
        var batch = NewBatch();
        int? total = null;
        List<SfRecord> orders = [];
        if (page.Count is { } count)
        {
            batch.AddCount(count, n => total = n);
        }

        batch.Add(Order, Soql.Query($"SELECT {WithParents(Order)} FROM Order WHERE {page.Where} ORDER BY ActivatedDate, Id LIMIT {page.Limit}"), rows => orders = rows);
        if (configuration.Settings.Coupons)
        {
            AddCouponCount(batch);
        }

        await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        return (orders, total);
    }

    /// <summary>
    /// What hangs off a page's orders, each object read for the whole page by the page's own range (its orders through a
    /// relationship path, or a semi-join on them) instead of IN lists of ids: lines with their products, price book entries
    /// and quote lines; the products' usage schedules; the lines' usage schedules; the quotes' coupons, and when the org
    /// holds coupon records the lines' coupons and the coupon copies. The lines, the most numerous, are cut into as many
    /// consecutive ranges as the call has room for, so each comes back in one batch of 2,000 rows more often than not.
    /// One composite call for an org without coupon records, two with them; the usage rates follow in
    /// <see cref="DependentsAsync"/> only when the page has usage schedules.
    /// </summary>
    /// <param name="range">The page's orders through a path to the order (<c>""</c>, <c>Order.</c>, <c>Order__r.</c>…).</param>
    /// <param name="lineRanges">The page's orders cut into this many consecutive ranges, as seen from a line (<c>Order.</c>).</param>
    public async Task PageRelatedAsync(Func<string, SoqlQuery> range, Func<int, IReadOnlyList<SoqlQuery>> lineRanges, CancellationToken cancellationToken)
    {
        var lines = range("Order.");
        var others = new List<(string Type, SoqlQuery Query)>
        {
            (ProductConsumptionSchedule, Soql.Query(
                $"SELECT {WithParents(ProductConsumptionSchedule)} FROM ProductConsumptionSchedule WHERE ProductId IN (SELECT Product2Id FROM OrderItem WHERE {lines})")),
            (OrderItemConsumptionSchedule, Soql.Query(
                $"SELECT {Fields(OrderItemConsumptionSchedule)} FROM SBQQ__OrderItemConsumptionSchedule__c WHERE {range("SBQQ__OrderItem__r.Order.")}")),
        };
        if (configuration.Settings.Coupons)
        {
            others.Add((QuoteCouponAssociation, Soql.Query(
                $"SELECT {WithParents(QuoteCouponAssociation)} FROM {Soql.Identifier(QuoteCouponAssociation)} WHERE Quote__c IN (SELECT SBQQ__Quote__c FROM Order WHERE {range("")})")));
        }

        var readsCoupons = ReadsCoupons;
        if (readsCoupons)
        {
            others.AddRange(PageCoupons(range));
        }

        var batch = NewBatch();
        var callsNeeded = (others.Count + QueryBatch.QueriesPerCall) / QueryBatch.QueriesPerCall;
        foreach (var part in lineRanges((callsNeeded * QueryBatch.QueriesPerCall) - others.Count))
        {
            batch.Add(OrderItem, Soql.Query($"SELECT {WithParents(OrderItem)} FROM OrderItem WHERE {part}"));
        }

        foreach (var (type, query) in others)
        {
            batch.Add(type, query);
        }

        await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        if (readsCoupons || !ReadsCoupons)
        {
            return;
        }

        // A quote coupon in an org thought to hold none: the coupon round after all.
        coupons.Learn(true);
        var more = NewBatch();
        foreach (var (type, query) in PageCoupons(range))
        {
            more.Add(type, query);
        }

        await RunAsync(more, cancellationToken).ConfigureAwait(false);
    }

    private List<(string Type, SoqlQuery Query)> PageCoupons(Func<string, SoqlQuery> range) =>
    [
        (QuoteLineCouponAssociation, Soql.Query(
            $"SELECT {WithParents(QuoteLineCouponAssociation)} FROM Quote_Line_Stripe_Coupon_Association__c WHERE Quote_Line__c IN (SELECT SBQQ__QuoteLine__c FROM OrderItem WHERE {range("Order.")})")),
        (OrderCoupon, Soql.Query($"SELECT {Fields(OrderCoupon)} FROM {Soql.Identifier(OrderCoupon)} WHERE ({range("Order__r.")}) OR ({range("Order_Item__r.Order.")})")),
    ];

    /// <summary>The org's coupon count rides with this call when due, so the next reads know whether to skip the coupon round.</summary>
    private void AddCouponCount(QueryBatch batch)
    {
        if (!coupons.Stale || _counting)
        {
            return;
        }

        _counting = true;
        var found = 0;
        batch.AddCount(Soql.Query($"SELECT COUNT() FROM {Soql.Identifier(Coupon)}"), n => found += n);
        batch.AddCount(Soql.Query($"SELECT COUNT() FROM {Soql.Identifier(OrderCoupon)}"), n => coupons.Learn(found + n > 0));
    }

    /// <summary>The contracts and every order on them: by contract, by amending opportunity, as initial order or by quote.</summary>
    public async Task<List<string>> ContractOrdersAsync(IEnumerable<string> orderIds, List<string> contracts, CancellationToken cancellationToken)
    {
        var batch = NewBatch();
        var fields = WithParents(Order);
        foreach (var slice in contracts.Chunk(IdsPerQuery))
        {
            List<string> ids = [.. slice];
            batch.Add(Contract, Soql.Query($"SELECT {Fields(Contract)} FROM Contract WHERE Id IN {ids}"));
            batch.Add(Order, Soql.Query($"SELECT {fields} FROM Order WHERE ContractId IN {ids}"));
            batch.Add(Order, Soql.Query(
                $"SELECT {fields} FROM Order WHERE OpportunityId IN (SELECT Id FROM Opportunity WHERE SBQQ__AmendedContract__c IN {ids})"));
            batch.Add(Order, Soql.Query($"SELECT {fields} FROM Order WHERE Id IN (SELECT SBQQ__Order__c FROM Contract WHERE Id IN {ids})"));
            batch.Add(Order, Soql.Query(
                $"SELECT {fields} FROM Order WHERE SBQQ__Quote__c IN (SELECT SBQQ__Quote__c FROM Contract WHERE Id IN {ids})"));
        }

        await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        return merged.OfType(Order).Select(static o => o.Id).Concat(orderIds).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Everything hanging off the orders not read yet: the lines of the contract's other orders (those not in
    /// <paramref name="lined"/>), and for all of them the coupon copies; the quotes of the opportunities of the
    /// orders in <paramref name="onContract"/>. IN lists are cut into slices so a contract with hundreds of orders
    /// still yields queries of a sane length; a slice is a few more subrequests, not more calls per line.
    /// </summary>
    /// <param name="couponsRead">Orders whose coupon copies were read already (a backfill page's own orders): only their opportunities' quotes are read here.</param>
    public Task RelatedAsync(
        IReadOnlySet<string> lined, List<string> orderIds, IReadOnlySet<string> onContract, CancellationToken cancellationToken,
        IReadOnlySet<string>? couponsRead = null)
    {
        var batch = NewBatch();
        foreach (var slice in orderIds.Where(id => !lined.Contains(id)).Chunk(IdsPerQuery))
        {
            AddLines(batch, [.. slice]);
        }

        foreach (var slice in orderIds.Where(id => couponsRead is null || !couponsRead.Contains(id) || onContract.Contains(id)).Chunk(IdsPerQuery))
        {
            AddOrderLevel(batch, [.. slice.Where(id => couponsRead is null || !couponsRead.Contains(id))], [.. slice.Where(onContract.Contains)]);
        }

        return RunAsync(batch, cancellationToken);
    }

    /// <summary>Lines with their products, price book entries and quote lines; usage schedules; the quotes' coupons.</summary>
    private void AddLines(QueryBatch batch, List<string> orderIds)
    {
        var lines = Soql.Query($"SELECT Id FROM OrderItem WHERE OrderId IN {orderIds}");
        batch.Add(OrderItem, Soql.Query($"SELECT {WithParents(OrderItem)} FROM OrderItem WHERE OrderId IN {orderIds}"));
        batch.Add(ProductConsumptionSchedule, Soql.Query(
            $"SELECT {WithParents(ProductConsumptionSchedule)} FROM ProductConsumptionSchedule WHERE ProductId IN (SELECT Product2Id FROM OrderItem WHERE OrderId IN {orderIds})"));
        batch.Add(OrderItemConsumptionSchedule, Soql.Query(
            $"SELECT {Fields(OrderItemConsumptionSchedule)} FROM SBQQ__OrderItemConsumptionSchedule__c WHERE SBQQ__OrderItem__c IN ({lines})"));
        if (configuration.Settings.Coupons)
        {
            batch.Add(QuoteCouponAssociation, Soql.Query(
                $"SELECT {WithParents(QuoteCouponAssociation)} FROM {Soql.Identifier(QuoteCouponAssociation)} WHERE {Soql.Identifier(PackageFields.CouponAssociation.Quote)} IN (SELECT SBQQ__Quote__c FROM Order WHERE Id IN {orderIds})"));
        }
    }

    /// <summary>Line coupons and the coupon copies already made; for amendments, the opportunities' quotes.</summary>
    private void AddOrderLevel(QueryBatch batch, List<string> orderIds, List<string> onContract)
    {
        // An amendment checks its opportunity has a single primary quote (docs/behaviour.md §7.2).
        var opportunities = Ids(onContract.Select(merged.Find).OfType<SfRecord>(), "OpportunityId");
        if (opportunities.Count > 0)
        {
            batch.Add(Quote, Soql.Query($"SELECT {Fields(Quote)} FROM SBQQ__Quote__c WHERE SBQQ__Opportunity2__c IN {opportunities}"));
        }

        if (!ReadsCoupons || orderIds.Count == 0)
        {
            return;
        }

        if (coupons.KnownAbsent)
        {
            // The quote's coupons, read with the order, say otherwise.
            coupons.Learn(true);
        }
        else
        {
            AddCouponCount(batch);
        }

        var lines = Soql.Query($"SELECT Id FROM OrderItem WHERE OrderId IN {orderIds}");
        batch.Add(QuoteLineCouponAssociation, Soql.Query(
            $"SELECT {WithParents(QuoteLineCouponAssociation)} FROM {Soql.Identifier(QuoteLineCouponAssociation)} WHERE {Soql.Identifier(PackageFields.CouponAssociation.QuoteLine)} IN (SELECT SBQQ__QuoteLine__c FROM OrderItem WHERE OrderId IN {orderIds})"));
        batch.Add(OrderCoupon, Soql.Query($"SELECT {Fields(OrderCoupon)} FROM {Soql.Identifier(OrderCoupon)} WHERE {Soql.Identifier(PackageFields.OrderCoupon.Order)} IN {orderIds}"));
        batch.Add(OrderCoupon, Soql.Query($"SELECT {Fields(OrderCoupon)} FROM {Soql.Identifier(OrderCoupon)} WHERE {Soql.Identifier(PackageFields.OrderCoupon.OrderItem)} IN ({lines})"));
    }

    /// <summary>Rates of the schedules read in the previous round; none for orders without usage lines.</summary>
    public Task DependentsAsync(CancellationToken cancellationToken)
    {
        var batch = NewBatch();
        foreach (var slice in Ids(merged.OfType(ProductConsumptionSchedule), "ConsumptionScheduleId").Chunk(IdsPerQuery))
        {
            batch.Add(ConsumptionRate, Soql.Query(
                $"SELECT {Fields(ConsumptionRate)} FROM ConsumptionRate WHERE ConsumptionScheduleId IN {slice}"));
        }

        // One usage schedule per usage line: sliced like the orders so the query stays short.
        foreach (var slice in merged.OfType(OrderItemConsumptionSchedule).Select(static s => s.Id).Chunk(IdsPerQuery))
        {
            batch.Add(OrderItemConsumptionRate, Soql.Query(
                $"SELECT {Fields(OrderItemConsumptionRate)} FROM SBQQ__OrderItemConsumptionRate__c WHERE SBQQ__OrderItemConsumptionSchedule__c IN {slice}"));
        }

        return RunAsync(batch, cancellationToken);
    }

    private static List<string> Ids(IEnumerable<SfRecord> records, string field) =>
        records.Select(r => r.GetString(field)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
