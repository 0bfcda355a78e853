using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// CPQ's "Ordered" automation: checking <c>SBQQ__Ordered__c</c> on a quote generates a draft order with one order
/// product per quote line (Type New, Amendment or Renewal after the quote type), visible under the quote's
/// <c>SBQQ__Orders__r</c>.
/// </summary>
internal sealed class QuoteOrdering(DmlEngine dml, RecordStore store)
{
    /// <summary>Quote line fields CPQ copies onto the order product, as (quote line field, order product field).</summary>
    private static readonly (string From, string To)[] CopiedLineFields =
    [
        ("SBQQ__ChargeType__c", "SBQQ__ChargeType__c"),
        ("SBQQ__BillingFrequency__c", "SBQQ__BillingFrequency__c"),
        ("SBQQ__BillingType__c", "SBQQ__BillingType__c"),
        ("SBQQ__SubscriptionPricing__c", "SBQQ__SubscriptionPricing__c"),
        ("SBQQ__ProductSubscriptionType__c", "SBQQ__ProductSubscriptionType__c"),
        ("SBQQ__SubscriptionType__c", "SBQQ__SubscriptionType__c"),
        ("SBQQ__SubscriptionTerm__c", "SBQQ__SubscriptionTerm__c"),
        ("SBQQ__DefaultSubscriptionTerm__c", "SBQQ__DefaultSubscriptionTerm__c"),
        ("SBQQ__ProrateMultiplier__c", "SBQQ__ProrateMultiplier__c"),
        ("SBQQ__SegmentIndex__c", "SBQQ__SegmentIndex__c"),
        ("SBQQ__SegmentKey__c", "SBQQ__SegmentKey__c"),
        ("SBQQ__SegmentLabel__c", "SBQQ__SegmentLabel__c"),
        ("SBQQ__Dimension__c", "SBQQ__PriceDimension__c"),
        ("SBQQ__ListPrice__c", "SBQQ__QuotedListPrice__c"),
        ("SBQQ__Quantity__c", "SBQQ__QuotedQuantity__c"),
        ("SBQQ__Quantity__c", "SBQQ__OrderedQuantity__c"),
    ];

    public void Run(SObjectRecord quote)
    {
        if (store.Children("Order", "SBQQ__Quote__c", quote.Id).Any(o => !o.IsDeleted))
        {
            return; // Already ordered: CPQ does not generate a second order.
        }

        if (quote["SBQQ__Account__c"] is not string account)
        {
            throw OrgErrors.CustomValidation("The quote must have an account before it can be ordered.", "SBQQ__Account__c");
        }

        var pricebook = quote["SBQQ__PricebookId__c"] as string ?? quote["SBQQ__PriceBook__c"] as string ?? dml.Info().StandardPricebookId;
        var currency = quote["CurrencyIsoCode"] as string ?? dml.Info().CorporateCurrency;
        var start = quote["SBQQ__StartDate__c"] as DateOnly? ?? DateOnly.FromDateTime(dml.Now.UtcDateTime);
        var term = quote["SBQQ__SubscriptionTerm__c"] as decimal?;
        var end = quote["SBQQ__EndDate__c"] as DateOnly? ?? (term is { } t ? start.AddMonths((int)t).AddDays(-1) : null);
        var type = (quote["SBQQ__Type__c"] as string) switch
        {
            "Amendment" => "Amendment",
            "Renewal" => "Renewal",
            _ => "New",
        };
        var order = dml.Insert("Order", TypedJson.From(
        [
            ("AccountId", account),
            ("OpportunityId", quote["SBQQ__Opportunity2__c"]),
            ("SBQQ__Quote__c", quote.Id),
            ("Pricebook2Id", pricebook),
            ("CurrencyIsoCode", currency),
            ("EffectiveDate", start),
            ("EndDate", end),
            ("Type", type),
            ("ContractId", type == "Amendment" ? quote["SBQQ__MasterContract__c"] : null),
            ("BillToContactId", quote["SBQQ__PrimaryContact__c"]),
            ("SBQQ__PaymentTerm__c", quote["SBQQ__PaymentTerms__c"]),
        ]), systemMode: true);

        var lines = store.Children("SBQQ__QuoteLine__c", "SBQQ__Quote__c", quote.Id)
            .Where(l => !l.IsDeleted)
            .OrderBy(l => l["SBQQ__Number__c"] as decimal? ?? decimal.MaxValue);
        foreach (var line in lines)
        {
            AddLine(order, line, pricebook, currency, start, end);
        }

        if (quote["SBQQ__Opportunity2__c"] is string opportunity && store.Find(opportunity) is { IsDeleted: false })
        {
            dml.Update("Opportunity", opportunity, TypedJson.From([("SBQQ__Ordered__c", true)]), systemMode: true);
        }
    }

    private void AddLine(string order, SObjectRecord line, string pricebook, string currency, DateOnly start, DateOnly? end)
    {
        var entryId = line["SBQQ__PricebookEntryId__c"] as string ?? FindEntry(line["SBQQ__Product__c"] as string, pricebook, currency)
            ?? throw OrgErrors.FieldIntegrity(
                $"field integrity exception: PricebookEntryId (quote line {line["Name"]} has no price book entry in the quote's price book)",
                "PricebookEntryId");
        var entry = store.Find(entryId)!;
        var fields = new List<(string, object?)>
        {
            ("OrderId", order),
            ("PricebookEntryId", entryId),
            ("Quantity", line["SBQQ__Quantity__c"] as decimal? ?? 1m),
            ("UnitPrice", line["SBQQ__NetPrice__c"] as decimal? ?? line["SBQQ__ListPrice__c"] as decimal? ?? entry["UnitPrice"]),
            ("ServiceDate", line["SBQQ__StartDate__c"] as DateOnly? ?? start),
            ("EndDate", line["SBQQ__EndDate__c"] as DateOnly? ?? end),
            ("SBQQ__QuoteLine__c", line.Id),
            ("SBQQ__RevisedOrderProduct__c", RevisedOrderProduct(line)),
            ("SBQQ__Status__c", "Draft"),
        };
        fields.AddRange(CopiedLineFields.Where(c => line[c.From] is not null).Select(c => (c.To, line[c.From])));
        dml.Insert("OrderItem", TypedJson.From(fields), systemMode: true);
    }

    private string? FindEntry(string? product, string pricebook, string currency) => product is null
        ? null
        : store.Children("PricebookEntry", "Product2Id", product)
            .FirstOrDefault(e => !e.IsDeleted && Equals(e["Pricebook2Id"], pricebook) && Equals(e["CurrencyIsoCode"], currency))?.Id;

    /// <summary>An amending line revises the order product behind the subscription it upgrades, back to the first original.</summary>
    private string? RevisedOrderProduct(SObjectRecord line)
    {
        if (line["SBQQ__UpgradedSubscription__c"] is not string subscription
            || store.Find(subscription)?["SBQQ__OrderProduct__c"] is not string product)
        {
            return null;
        }

        return store.Find(product)?["SBQQ__RevisedOrderProduct__c"] as string ?? product;
    }
}
