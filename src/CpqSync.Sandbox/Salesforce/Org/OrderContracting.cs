using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// CPQ's "Contracted" automation: checking <c>SBQQ__Contracted__c</c> on an activated order creates its contract
/// (linked back through <c>SBQQ__Order__c</c>, <c>SBQQ__Quote__c</c> and <c>SBQQ__Opportunity__c</c>) and one
/// subscription per subscription line. An amendment order adds its subscriptions to the contract it amends, and the
/// contract's <c>SBQQ__Order__c</c> then names the amendment.
/// Draft orders and orders that already have a contract are left alone.
/// </summary>
internal sealed class OrderContracting(DmlEngine dml, RecordStore store)
{
    public void Run(SObjectRecord order)
    {
        if (order["Status"] as string != "Activated" || store.Children("Contract", "SBQQ__Order__c", order.Id).Any(c => !c.IsDeleted))
        {
            return; // CPQ contracts activated orders, once; on a draft order the box is only a flag.
        }

        var quote = order["SBQQ__Quote__c"] is string quoteId ? store.Find(quoteId) : null;
        var lines = store.Children("OrderItem", "OrderId", order.Id).Where(l => !l.IsDeleted).ToList();
        var amended = order["Type"] as string == "Amendment" ? order["ContractId"] as string ?? quote?["SBQQ__MasterContract__c"] as string : null;
        var contract = amended ?? NewContract(order, quote, lines);
        foreach (var line in lines.Where(IsSubscription))
        {
            var subscription = dml.Insert("SBQQ__Subscription__c", TypedJson.From(
            [
                ("SBQQ__Account__c", order["AccountId"]),
                ("SBQQ__Contract__c", contract),
                ("SBQQ__Product__c", line["Product2Id"]),
                ("SBQQ__OrderProduct__c", line.Id),
                ("SBQQ__QuoteLine__c", line["SBQQ__QuoteLine__c"]),
                ("SBQQ__RevisedSubscription__c", RevisedSubscription(line)),
                ("SBQQ__Quantity__c", line["Quantity"]),
                ("SBQQ__NetPrice__c", line["UnitPrice"]),
                ("SBQQ__ListPrice__c", line["ListPrice"]),
                ("SBQQ__SubscriptionStartDate__c", line["ServiceDate"] ?? order["EffectiveDate"]),
                ("SBQQ__SubscriptionEndDate__c", line["EndDate"] ?? order["EndDate"]),
                ("SBQQ__BillingFrequency__c", line["SBQQ__BillingFrequency__c"]),
                ("SBQQ__BillingType__c", line["SBQQ__BillingType__c"]),
                ("SBQQ__ChargeType__c", line["SBQQ__ChargeType__c"]),
                ("SBQQ__SubscriptionType__c", line["SBQQ__SubscriptionType__c"]),
                ("SBQQ__ProductSubscriptionType__c", line["SBQQ__ProductSubscriptionType__c"]),
                ("SBQQ__SubscriptionPricing__c", line["SBQQ__SubscriptionPricing__c"]),
                ("SBQQ__ProrateMultiplier__c", line["SBQQ__ProrateMultiplier__c"]),
                ("SBQQ__SegmentIndex__c", line["SBQQ__SegmentIndex__c"]),
                ("SBQQ__SegmentKey__c", line["SBQQ__SegmentKey__c"]),
                ("SBQQ__SegmentLabel__c", line["SBQQ__SegmentLabel__c"]),
                ("SBQQ__Dimension__c", line["SBQQ__PriceDimension__c"]),
                ("CurrencyIsoCode", order["CurrencyIsoCode"]),
            ]), systemMode: true);
            dml.SystemUpdate(store.Find(line.Id)!, l =>
            {
                l["SBQQ__Subscription__c"] = subscription;
                l["SBQQ__Contract__c"] = contract;
                l["SBQQ__Contracted__c"] = true;
            });
        }

        if (amended is not null && store.Find(amended) is { IsDeleted: false } amendedContract)
        {
            // CPQ re-points the contract to the last order it contracted: its SBQQ__Order__c names the amendment from now on.
            dml.SystemUpdate(amendedContract, c => c["SBQQ__Order__c"] = order.Id);
        }

        if (amended is null && order["OpportunityId"] is string opportunity && store.Find(opportunity) is { IsDeleted: false })
        {
            dml.Update("Opportunity", opportunity, TypedJson.From([("SBQQ__Contracted__c", true)]), systemMode: true);
        }
    }

    /// <summary>The id of the new contract, which the order then points at.</summary>
    private string NewContract(SObjectRecord order, SObjectRecord? quote, IReadOnlyList<SObjectRecord> lines)
    {
        var start = order["EffectiveDate"] as DateOnly?;
        var term = quote?["SBQQ__SubscriptionTerm__c"] as decimal? ?? MonthsBetween(start, order["EndDate"] as DateOnly?);
        var contract = dml.Insert("Contract", TypedJson.From(
        [
            ("AccountId", order["AccountId"]),
            ("StartDate", start),
            ("ContractTerm", term is { } t ? (int)t : null),
            ("CurrencyIsoCode", order["CurrencyIsoCode"]),
            ("Pricebook2Id", order["Pricebook2Id"]),
            ("SBQQ__Order__c", order.Id),
            ("SBQQ__Quote__c", quote?.Id),
            ("SBQQ__Opportunity__c", order["OpportunityId"]),
            ("SBQQ__Evergreen__c", lines.Any(l => l["SBQQ__SubscriptionType__c"] as string == "Evergreen")),
        ]), systemMode: true);
        dml.SystemUpdate(store.Find(order.Id)!, o => o["ContractId"] = contract);
        return contract;
    }

    private static decimal? MonthsBetween(DateOnly? start, DateOnly? end) => start is { } s && end is { } e
        ? ((e.AddDays(1).Year - s.Year) * 12) + e.AddDays(1).Month - s.Month
        : null;

    /// <summary>
    /// A subscription line has a subscription pricing: every product is Renewable by default, one-time ones included, so
    /// the subscription type says nothing.
    /// </summary>
    private static bool IsSubscription(SObjectRecord line) => line["SBQQ__SubscriptionPricing__c"] is not null;

    private string? RevisedSubscription(SObjectRecord line) => line["SBQQ__RevisedOrderProduct__c"] is string revised
        ? store.Children("SBQQ__Subscription__c", "SBQQ__OrderProduct__c", revised).FirstOrDefault(s => !s.IsDeleted)?.Id
        : null;
}
