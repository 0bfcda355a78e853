using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using static CpqSync.Engine.Snapshots.PlannerFields;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// A page of orders read together (<see cref="OrderSnapshotReader.PrefetchAsync"/>), cut back into each order's own
/// snapshot: exactly the records the order's own read (<see cref="OrderSnapshotReader.ReadAsync"/>) would have
/// returned, found by the same relations its queries follow, so a backfilled order plans as a live one does.
/// </summary>
internal sealed class PageSnapshots(RecordSet page, SelectLists select, SyncConfiguration configuration)
{
    private readonly ILookup<string, SfRecord> _linesByOrder = page.OfType(OrderItem).ToLookup(static l => l.GetString("OrderId") ?? "", StringComparer.Ordinal);

    /// <summary>
    /// The records of <paramref name="orderId"/>'s snapshot, or null when the page does not hold the order or the order
    /// shares a contract with others (its own read, at its turn, sees what they wrote back).
    /// </summary>
    public RecordSet? Slice(string orderId)
    {
        if (page.Find(orderId) is not { Type: Order } order)
        {
            return null;
        }

        var taken = new Dictionary<string, SfRecord>(StringComparer.Ordinal);
        var contracts = ContractIds(order);
        var orders = contracts.Count > 0 ? ContractOrders(orderId, contracts) : [order];
        if (orders.Count > 1)
        {
            // Orders of one contract sync one after another, each writing back ids the next one plans from: a page read
            // before the earlier ones synced is stale for the later ones, which read their own snapshot when their turn comes.
            return null;
        }

        foreach (var contract in contracts.Select(page.Find).OfType<SfRecord>().Where(static c => c.Type == Contract))
        {
            Take(contract, taken);
        }

        foreach (var o in orders)
        {
            Take(o, taken);
        }

        var lines = orders.SelectMany(o => _linesByOrder[o.Id]).ToList();
        if (lines.Count == 0)
        {
            // A page keyed on its range finds every line of an order or none: none means the order left the range between
            // the page's calls (deactivated, activated again), or has no line; its own read says which.
            return null;
        }

        foreach (var line in lines)
        {
            Take(line, taken);
        }

        var lineIds = lines.Select(static l => l.Id).ToHashSet(StringComparer.Ordinal);
        var products = Values(lines, "Product2Id");
        var schedules = TakeWhere(ProductConsumptionSchedule, "ProductId", products, taken);
        TakeWhere(ConsumptionRate, "ConsumptionScheduleId", Values(schedules, "ConsumptionScheduleId"), taken);
        var lineSchedules = TakeWhere(OrderItemConsumptionSchedule, "SBQQ__OrderItem__c", lineIds, taken);
        TakeWhere(OrderItemConsumptionRate, "SBQQ__OrderItemConsumptionSchedule__c", lineSchedules.Select(static s => s.Id).ToHashSet(StringComparer.Ordinal), taken);
        if (contracts.Count > 0)
        {
            // An amendment checks its opportunity has a single primary quote (docs/behaviour.md §7.2).
            TakeWhere(Quote, "SBQQ__Opportunity2__c", Values(orders, "OpportunityId"), taken);
        }

        if (configuration.Settings.Coupons)
        {
            TakeWhere(QuoteCouponAssociation, PackageFields.CouponAssociation.Quote, Values(orders, "SBQQ__Quote__c"), taken);
            TakeWhere(QuoteLineCouponAssociation, PackageFields.CouponAssociation.QuoteLine, Values(lines, "SBQQ__QuoteLine__c"), taken);
            var orderIds = orders.Select(static o => o.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var copy in page.OfType(OrderCoupon).Where(c => orderIds.Contains(c.GetString(PackageFields.OrderCoupon.Order) ?? "") || lineIds.Contains(c.GetString(PackageFields.OrderCoupon.OrderItem) ?? "")))
            {
                Take(copy, taken);
            }
        }

        return new RecordSet(taken.Values);
    }

    /// <summary>The contracts the order's read walks: the one it belongs to, amends or renews (as <see cref="OrderSnapshotReader"/>).</summary>
    private List<string> ContractIds(SfRecord order)
    {
        var opportunity = page.Follow(order, "Opportunity");
        return new[] { order.GetString("ContractId"), opportunity?.GetString("SBQQ__AmendedContract__c"), opportunity?.GetString("SBQQ__RenewedContract__c") }
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The orders the contract round finds: on the contracts, on an amending opportunity, as initial order or by quote.</summary>
    private List<SfRecord> ContractOrders(string orderId, List<string> contractIds)
    {
        var contracts = contractIds.Select(page.Find).OfType<SfRecord>().Where(static c => c.Type == Contract).ToList();
        var initialOrders = Values(contracts, "SBQQ__Order__c");
        var quotes = Values(contracts, "SBQQ__Quote__c");
        return page.OfType(Order).Where(o =>
                o.Id == orderId
                || contractIds.Contains(o.GetString("ContractId") ?? "", StringComparer.Ordinal)
                || contractIds.Contains(page.Follow(o, "Opportunity")?.GetString("SBQQ__AmendedContract__c") ?? "", StringComparer.Ordinal)
                || initialOrders.Contains(o.Id)
                || quotes.Contains(o.GetString("SBQQ__Quote__c") ?? ""))
            .ToList();
    }

    private List<SfRecord> TakeWhere(string type, string field, HashSet<string> values, Dictionary<string, SfRecord> taken)
    {
        var found = page.OfType(type).Where(r => values.Contains(r.GetString(field) ?? "")).ToList();
        foreach (var record in found)
        {
            Take(record, taken);
        }

        return found;
    }

    /// <summary>
    /// A record with the parents its query nested in the same row: the select list's relationship paths
    /// (<c>Account</c>, <c>SBQQ__Quote__r.SBQQ__PrimaryContact__r</c>) and mapping paths (<c>Owner.Name</c>).
    /// </summary>
    private void Take(SfRecord record, Dictionary<string, SfRecord> taken)
    {
        if (!taken.TryAdd(record.Id, record))
        {
            return;
        }

        foreach (var path in NestedPaths(record.Type))
        {
            var current = record;
            foreach (var hop in path)
            {
                if (page.Follow(current, hop) is not { } parent)
                {
                    break;
                }

                Take(parent, taken);
                current = parent;
            }
        }
    }

    private IEnumerable<string[]> NestedPaths(string type)
    {
        if (!select.Has(type))
        {
            // A record reached through a mapping path (a User): its own hops are walked from the record that selected them.
            return [];
        }

        return ParentsOf(type).Select(static p => p.Path.Split('.'))
            .Concat(select.For(type).Where(static f => f.Contains('.', StringComparison.Ordinal)).Select(static f => f.Split('.')[..^1]));
    }

    private static HashSet<string> Values(IEnumerable<SfRecord> records, string field) =>
        records.Select(r => r.GetString(field)).OfType<string>().ToHashSet(StringComparer.Ordinal);
}
