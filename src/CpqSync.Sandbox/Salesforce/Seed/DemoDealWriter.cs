using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>
/// Writes a deal the way CPQ leaves it: opportunity, primary quote with lines, the order generated from it with
/// CPQ's line fields (charge type, billing frequency, term, prorate multiplier, segments), then activation,
/// contract and subscriptions.
/// </summary>
internal sealed class DemoDealWriter(SeedWriter w, DemoCatalog catalog)
{
    /// <summary>The demo quotes' billing frequency, which CPQ copies onto their one-time lines.</summary>
    private const string QuoteBillingFrequency = "Monthly";

    public DemoResult Write(DemoDeal deal)
    {
        if (!w.Info.MultiCurrency)
        {
            // A single-currency org prices and bills every deal in its one currency.
            deal = deal with { Currency = w.Info.CorporateCurrency };
        }

        var pricebook = deal.Partner ? catalog.PartnerPricebook : w.Info.StandardPricebookId;
        var end = deal.Evergreen ? (DateOnly?)null : deal.Start.AddMonths(deal.Term).AddDays(-1);
        var quoteType = deal.OrderType switch
        {
            "Amendment" => "Amendment",
            "Renewal" => "Renewal",
            _ => "Quote",
        };
        var opportunity = w.Insert("Opportunity",
            ("Name", deal.Description),
            ("AccountId", deal.Customer.Account),
            ("ContactId", deal.Customer.Contact),
            ("StageName", "Closed Won"),
            ("CloseDate", deal.Start),
            ("CurrencyIsoCode", deal.Currency),
            ("Pricebook2Id", pricebook),
            ("Type", deal.OrderType == "New" ? "New Customer" : "Existing Customer - Upgrade"),
            ("SBQQ__AmendedContract__c", deal.AmendedContract),
            ("SBQQ__RenewedContract__c", deal.RenewedContract),
            ("SBQQ__Renewal__c", deal.RenewedContract is not null));

        string? quote = null;
        if (deal.WithQuote)
        {
            quote = w.Insert("SBQQ__Quote__c",
                ("SBQQ__Account__c", deal.Customer.Account),
                ("SBQQ__Opportunity2__c", opportunity),
                ("SBQQ__PrimaryContact__c", deal.Customer.Contact),
                ("SBQQ__Primary__c", true),
                ("SBQQ__Type__c", quoteType),
                ("SBQQ__Status__c", "Accepted"),
                ("SBQQ__StartDate__c", deal.QuoteStartDate ? deal.Start : null),
                ("SBQQ__EndDate__c", end),
                ("SBQQ__SubscriptionTerm__c", (decimal)deal.Term),
                ("SBQQ__PaymentTerms__c", deal.PaymentTerms),
                ("SBQQ__BillingFrequency__c", QuoteBillingFrequency),
                ("SBQQ__PriceBook__c", pricebook),
                ("SBQQ__PricebookId__c", pricebook),
                ("SBQQ__MasterContract__c", deal.AmendedContract),
                ("CurrencyIsoCode", deal.Currency));
            w.Update("Opportunity", opportunity, ("SBQQ__PrimaryQuote__c", quote));
        }

        var order = w.Insert("Order",
            ("AccountId", deal.Customer.Account),
            ("OpportunityId", opportunity),
            ("SBQQ__Quote__c", quote),
            ("Pricebook2Id", pricebook),
            ("CurrencyIsoCode", deal.Currency),
            ("EffectiveDate", deal.Start),
            ("EndDate", end),
            ("Type", deal.OrderType),
            ("Description", deal.Description),
            ("BillToContactId", deal.Customer.Contact),
            ("ShipToContactId", deal.Customer.Contact),
            ("ContractId", deal.AmendedContract),
            ("SBQQ__PaymentTerm__c", deal.PaymentTerms),
            ("SBQQ__PriceCalcStatus__c", "Completed"),
            ("SBQQ__ContractingMethod__c", "By Subscription End Date"));

        var items = new List<string>();
        var number = 1;
        foreach (var line in deal.Lines)
        {
            items.Add(WriteLine(deal, line, number++, quote, order, pricebook));
        }

        if (!deal.Activate)
        {
            return new DemoResult(opportunity, quote, order, items, null);
        }

        w.Update("Order", order, ("Status", "Activated"));
        if (quote is not null)
        {
            w.Update("SBQQ__Quote__c", quote, ("SBQQ__Ordered__c", true));
        }

        w.Update("Opportunity", opportunity, ("SBQQ__Ordered__c", true));
        if (deal.AmendedContract is not null)
        {
            // CPQ records where the amendment starts on the contract it amends.
            w.Update("Contract", deal.AmendedContract, ("SBQQ__AmendmentStartDate__c", deal.Start));
        }

        if (deal.RenewedContract is not null)
        {
            w.Update("Contract", deal.RenewedContract, ("SBQQ__RenewalOpportunity__c", opportunity), ("SBQQ__RenewalQuoted__c", true));
        }

        // CPQ's contracting creates the contract (or extends the amended one) and the subscriptions.
        w.Update("Order", order, ("SBQQ__Contracted__c", true));
        var contract = deal.OrderType == "Amendment" ? null : (string)w.Dml.Store.Find(order)!["ContractId"]!;
        if (contract is not null)
        {
            w.Update("Contract", contract,
                ("Status", "Activated"), ("SBQQ__RenewalTerm__c", 12m), ("Description", "Contract for: " + deal.Description));
        }

        return new DemoResult(opportunity, quote, order, items, contract);
    }

    private string WriteLine(DemoDeal deal, DemoLine line, int number, string? quote, string order, string pricebook)
    {
        var product = DemoCatalog.Product(line.Product);
        var (entry, listPrice) = catalog.Entry(line.Product, pricebook, deal.Currency);
        var (start, end, term) = line.Segment is { } segment
            ? (deal.Start.AddYears(segment - 1), deal.Start.AddYears(segment).AddDays(-1), 12)
            : (deal.Start, deal.Evergreen ? (DateOnly?)null : deal.Start.AddMonths(deal.Term).AddDays(-1), deal.Term);

        // CPQ prices an order line for its whole term: the per-period list price times term / billing period.
        // An empty billing frequency counts as monthly.
        decimal? multiplier = !product.IsRecurring ? 1m
            : product.BillingFrequency is null ? term
            : product.FrequencyMonths is { } months ? (decimal)term / months : 1m;
        var unitPrice = product.IsRecurring && product.FrequencyMonths is null ? listPrice * term : listPrice * multiplier.Value;
        var segmentKey = line.Segment is null ? null : $"{deal.Description}-seats";
        var segmentLabel = line.Segment is { } s ? $"Year {s}" : null;
        var common = new (string, object?)[]
        {
            ("SBQQ__ChargeType__c", product.ChargeType),
            ("SBQQ__BillingFrequency__c", product.IsRecurring ? product.BillingFrequency : QuoteBillingFrequency),
            ("SBQQ__BillingType__c", product.BillingType),
            ("SBQQ__SubscriptionPricing__c", product.IsRecurring ? "Fixed Price" : null),
            ("SBQQ__ProductSubscriptionType__c", product.OrgSubscriptionType),
            ("SBQQ__SubscriptionTerm__c", product.IsRecurring ? (decimal)term : null),
            ("SBQQ__DefaultSubscriptionTerm__c", product.Term),
            ("SBQQ__ProrateMultiplier__c", multiplier),
            ("SBQQ__SegmentIndex__c", line.Segment is { } i ? (decimal)i : null),
            ("SBQQ__SegmentKey__c", segmentKey),
            ("SBQQ__SegmentLabel__c", segmentLabel),
        };

        string? quoteLine = null;
        if (quote is not null)
        {
            quoteLine = w.Insert("SBQQ__QuoteLine__c", [
                ("SBQQ__Quote__c", quote),
                ("SBQQ__Number__c", (decimal)number),
                ("SBQQ__Product__c", catalog.ProductId(line.Product)),
                ("SBQQ__PricebookEntryId__c", entry),
                ("SBQQ__Quantity__c", line.Quantity),
                ("SBQQ__ListPrice__c", listPrice),
                ("SBQQ__NetPrice__c", unitPrice),
                ("SBQQ__CustomerPrice__c", unitPrice),
                ("SBQQ__RegularPrice__c", unitPrice),
                ("SBQQ__StartDate__c", start),
                ("SBQQ__EndDate__c", end),
                ("SBQQ__Dimension__c", line.Segment is null ? null : catalog.SeatsDimension),
                ("SBQQ__SubscriptionType__c", product.OrgSubscriptionType),
                ("CurrencyIsoCode", deal.Currency),
                .. common,
            ]);
        }

        var item = w.Insert("OrderItem", [
            ("OrderId", order),
            ("PricebookEntryId", entry),
            ("Quantity", line.Quantity),
            ("UnitPrice", unitPrice),
            ("ServiceDate", start),
            ("EndDate", end),
            ("SBQQ__QuoteLine__c", quoteLine),
            ("SBQQ__QuotedQuantity__c", line.Quantity),
            ("SBQQ__OrderedQuantity__c", line.Quantity),
            ("SBQQ__QuotedListPrice__c", listPrice),
            ("SBQQ__SubscriptionType__c", product.OrgSubscriptionType),
            ("SBQQ__RevisedOrderProduct__c", line.Revises),
            ("SBQQ__PriceDimension__c", line.Segment is null ? null : catalog.SeatsDimension),
            ("SBQQ__DimensionType__c", line.Segment is null ? null : "Year"),
            ("SBQQ__ContractAction__c", line.ContractAction),
            ("SBQQ__Status__c", "Draft"),
            .. common,
        ]);

        if (line.Product == "api")
        {
            UsageSchedule(deal, item);
        }

        return item;
    }

    /// <summary>CPQ copies the product's consumption schedule onto the order line.</summary>
    private void UsageSchedule(DemoDeal deal, string item)
    {
        var schedule = w.Insert("SBQQ__OrderItemConsumptionSchedule__c",
            ("SBQQ__OrderItem__c", item),
            ("SBQQ__ConsumptionSchedule__c", catalog.ConsumptionSchedule),
            ("SBQQ__Type__c", "Slab"),
            ("SBQQ__RatingMethod__c", "Tier"),
            ("SBQQ__BillingTerm__c", 1m),
            ("SBQQ__BillingTermUnit__c", "Month"),
            ("SBQQ__Category__c", "Rates"),
            ("CurrencyIsoCode", deal.Currency));
        var order = 1;
        foreach (var (lower, upper, usd) in DemoCatalog.UsageTiers)
        {
            w.Insert("SBQQ__OrderItemConsumptionRate__c",
                ("SBQQ__OrderItemConsumptionSchedule__c", schedule),
                ("SBQQ__ProcessingOrder__c", (decimal)order++),
                ("SBQQ__LowerBound__c", (decimal)lower),
                ("SBQQ__UpperBound__c", upper is { } u ? (decimal)u : null),
                ("SBQQ__PricingMethod__c", "PerUnit"),
                ("SBQQ__Price__c", DemoCatalog.Price(usd, deal.Currency, deal.Partner)),
                ("CurrencyIsoCode", deal.Currency));
        }
    }
}
