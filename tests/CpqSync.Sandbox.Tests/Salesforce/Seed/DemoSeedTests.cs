using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Org;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Sandbox.Tests.Salesforce.Seed;

public class DemoSeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 17, 8, 0, 0, TimeSpan.Zero);

    private static SalesforceOrg Demo() => SalesforceOrg.Create(new SalesforceOrgOptions { Seed = "demo" }, new FakeTimeProvider(Now));

    private static IEnumerable<SObjectRecord> Orders(SalesforceOrg org) => org.Records("Order", includeDeleted: false);

    private static IEnumerable<SObjectRecord> Lines(SalesforceOrg org, SObjectRecord order) =>
        org.Children("OrderItem", "OrderId", order.Id, includeDeleted: false);

    [Fact]
    public void Every_order_line_uses_an_entry_of_its_order_price_book_and_currency()
    {
        var org = Demo();

        foreach (var order in Orders(org))
        {
            var lines = Lines(org, order).ToList();
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                var entry = org.Find((string)line["PricebookEntryId"]!)!;
                Assert.Equal(order["Pricebook2Id"], entry["Pricebook2Id"]);
                Assert.Equal(order["CurrencyIsoCode"], entry["CurrencyIsoCode"]);
                Assert.Equal(order["CurrencyIsoCode"], line["CurrencyIsoCode"]);
                Assert.Equal(entry["Product2Id"], line["Product2Id"]);
            }
        }
    }

    [Fact]
    public void The_same_ids_come_out_on_every_run()
    {
        var first = Demo();
        var second = SalesforceOrg.Create(new SalesforceOrgOptions { Seed = "demo" }, new FakeTimeProvider(Now.AddDays(40)));

        Assert.Equal(Orders(first).Select(o => o.Id), Orders(second).Select(o => o.Id));
        Assert.Equal(first.Records("OrderItem", false).Select(o => o.Id), second.Records("OrderItem", false).Select(o => o.Id));
    }

    [Fact]
    public void Products_cover_every_charge_type_billing_frequency_mdq_and_evergreen()
    {
        var org = Demo();
        var products = org.Records("Product2", false).ToList();

        Assert.Equal(
            ["One-Time", "Recurring", "Usage"],
            products.Select(p => (string)p["SBQQ__ChargeType__c"]!).Distinct().Order());
        foreach (var frequency in new[] { "Monthly", "Quarterly", "Semiannual", "Annual" })
        {
            Assert.Contains(products, p => (string?)p["SBQQ__BillingFrequency__c"] == frequency);
        }

        Assert.Contains(products, p => (string?)p["SBQQ__SubscriptionType__c"] == "Evergreen");
        Assert.Contains(products, p => (string?)p["SBQQ__SubscriptionPricing__c"] == "Fixed Price");
        Assert.Contains(org.Records("OrderItem", false), l => l["SBQQ__SegmentIndex__c"] is 3m && (string?)l["SBQQ__SegmentLabel__c"] == "Year 3");
    }

    [Fact]
    public void The_usage_product_has_a_tiered_consumption_schedule_copied_onto_its_order_lines()
    {
        var org = Demo();
        var schedule = Assert.Single(org.Records("ConsumptionSchedule", false));
        var rates = org.Children("ConsumptionRate", "ConsumptionScheduleId", schedule.Id, false).ToList();
        var link = Assert.Single(org.Records("ProductConsumptionSchedule", false));

        Assert.True((bool)schedule["IsActive"]!);
        Assert.Equal("Slab", schedule["Type"]);
        Assert.Equal(3, rates.Count);
        Assert.Single(rates, r => r["UpperBound"] is null);
        Assert.Equal("Usage", org.Find((string)link["ProductId"]!)!["SBQQ__ChargeType__c"]);
        foreach (var lineSchedule in org.Records("SBQQ__OrderItemConsumptionSchedule__c", false))
        {
            Assert.Equal("Usage", org.Find((string)lineSchedule["SBQQ__OrderItem__c"]!)!["SBQQ__ChargeType__c"]);
            Assert.Equal(3, org.Children("SBQQ__OrderItemConsumptionRate__c", "SBQQ__OrderItemConsumptionSchedule__c", lineSchedule.Id, false).Count());
        }
    }

    [Fact]
    public void Prices_exist_in_usd_eur_and_jpy_in_the_standard_and_a_custom_price_book()
    {
        var org = Demo();
        var entries = org.Records("PricebookEntry", false).ToList();
        var books = entries.Select(e => (string)e["Pricebook2Id"]!).Distinct().ToList();

        Assert.Equal(2, books.Count);
        Assert.Contains(org.Info.StandardPricebookId, books);
        Assert.Equal(["EUR", "JPY", "USD"], entries.Select(e => (string)e["CurrencyIsoCode"]!).Distinct().Order());
        Assert.All(entries.Where(e => (string?)e["CurrencyIsoCode"] == "JPY"), e => Assert.Equal(decimal.Truncate((decimal)e["UnitPrice"]!), e["UnitPrice"]));
    }

    [Fact]
    public void Orders_cover_new_amendment_renewal_cancellation_and_draft()
    {
        var org = Demo();
        var orders = Orders(org).ToList();

        Assert.Contains(orders, o => (string?)o["Type"] == "New" && (string?)o["Status"] == "Activated" && o["ActivatedDate"] is not null);
        Assert.Contains(orders, o => (string?)o["Type"] == "New" && (string?)o["Status"] == "Draft" && o["SBQQ__Quote__c"] is not null);
        Assert.Contains(orders, o => (string?)o["Type"] == "Renewal");
        var amendments = orders.Where(o => (string?)o["Type"] == "Amendment").ToList();
        Assert.Contains(amendments, a => Lines(org, a).All(l => (decimal)l["Quantity"]! < 0));
        foreach (var amendment in amendments)
        {
            var opportunity = org.Find((string)amendment["OpportunityId"]!)!;
            var contract = org.Find((string)opportunity["SBQQ__AmendedContract__c"]!)!;
            // CPQ re-points the contract to the last order it contracted; its quote still leads to the initial order.
            Assert.Equal("Amendment", org.Find((string)contract["SBQQ__Order__c"]!)!["Type"]);
            var initial = Orders(org).Single(o => (string?)o["SBQQ__Quote__c"] == (string?)contract["SBQQ__Quote__c"]);
            Assert.Equal("New", initial["Type"]);
            Assert.All(Lines(org, amendment), l => Assert.Equal(
                initial.Id, org.Find((string)l["SBQQ__RevisedOrderProduct__c"]!)!["OrderId"]));
        }
    }

    [Fact]
    public void Recurring_lines_carry_a_prorate_multiplier_matching_term_and_billing_period()
    {
        var org = Demo();
        var periods = new Dictionary<string, decimal> { ["Monthly"] = 1, ["Quarterly"] = 3, ["Semiannual"] = 6, ["Annual"] = 12 };

        // One-time lines carry the quote's billing frequency too; only the subscription pricing makes a line recurring.
        foreach (var line in org.Records("OrderItem", false)
            .Where(l => l["SBQQ__SubscriptionPricing__c"] is not null && l["SBQQ__BillingFrequency__c"] is string f && periods.ContainsKey(f)))
        {
            var term = (decimal)line["SBQQ__SubscriptionTerm__c"]!;
            Assert.Equal(term / periods[(string)line["SBQQ__BillingFrequency__c"]!], line["SBQQ__ProrateMultiplier__c"]);
        }
    }

    [Fact]
    public void Activated_new_orders_have_a_contract_quote_and_start_date()
    {
        var org = Demo();

        // The order the seed means to fail for its quote's empty start date aside.
        var termed = Orders(org).Where(o => (string?)o["Status"] == "Activated" && (string?)o["Type"] == "New" && o["SBQQ__Quote__c"] is not null
            && o["EndDate"] is not null && (string?)o["Description"] != "Invalid (REQUIRED_MAPPING_EMPTY): quote without a start date");
        foreach (var order in termed)
        {
            var quote = org.Find((string)order["SBQQ__Quote__c"]!)!;
            Assert.Equal(new DateOnly(2026, 3, 1), order["EffectiveDate"]);
            Assert.Equal(order["EffectiveDate"], quote["SBQQ__StartDate__c"]);
            Assert.True((bool)quote["SBQQ__Ordered__c"]!);
            Assert.NotNull(order["ContractId"]);
            Assert.True((bool)order["SBQQ__Contracted__c"]!);
        }
    }

    [Fact]
    public void Invalid_orders_are_labelled_with_the_error_a_sync_must_report()
    {
        var org = Demo();
        var invalid = Orders(org).Where(o => ((string?)o["Description"])?.StartsWith("Invalid", StringComparison.Ordinal) == true).ToList();

        Assert.True(invalid.Count >= 6);
        Assert.Contains(invalid, o => o["SBQQ__Quote__c"] is null);
        Assert.Contains(invalid, o => o["SBQQ__Quote__c"] is string quote && org.Find(quote)!["SBQQ__StartDate__c"] is null);
        Assert.Contains(invalid, o => Lines(org, o).Any(l => l["SBQQ__BillingFrequency__c"] is null && (string?)l["SBQQ__ChargeType__c"] == "Recurring"));
    }

    [Fact]
    public void The_evergreen_order_starts_the_day_the_org_is_seeded_with_term_one_and_no_end()
    {
        var org = Demo();

        var order = Assert.Single(Orders(org), o => Lines(org, o).Any(l => (string?)l["SBQQ__SubscriptionType__c"] == "Evergreen"));

        Assert.Equal(new DateOnly(2026, 3, 17), order["EffectiveDate"]);
        Assert.Null(order["EndDate"]);
        Assert.All(Lines(org, order), l => Assert.Equal(1m, l["SBQQ__SubscriptionTerm__c"]));
        Assert.All(Lines(org, order), l => Assert.Equal(1m, l["SBQQ__DefaultSubscriptionTerm__c"]));
    }

    [Fact]
    public void Amended_contracts_record_the_amendment_start()
    {
        var org = Demo();

        foreach (var amendment in Orders(org).Where(o => (string?)o["Type"] == "Amendment"))
        {
            var quote = org.Find((string)amendment["SBQQ__Quote__c"]!)!;
            var contract = org.Find((string)quote["SBQQ__MasterContract__c"]!)!;
            Assert.Equal(quote["SBQQ__StartDate__c"], contract["SBQQ__AmendmentStartDate__c"]);
        }
    }

    [Fact]
    public void Contracted_amendments_add_revising_subscriptions_to_the_amended_contract()
    {
        var org = Demo();

        foreach (var amendment in Orders(org).Where(o => (string?)o["Type"] == "Amendment"))
        {
            var quote = org.Find((string)amendment["SBQQ__Quote__c"]!)!;
            foreach (var line in Lines(org, amendment))
            {
                var subscription = org.Find((string)line["SBQQ__Subscription__c"]!)!;
                Assert.Equal(quote["SBQQ__MasterContract__c"], subscription["SBQQ__Contract__c"]);
                var revised = org.Find((string)subscription["SBQQ__RevisedSubscription__c"]!)!;
                Assert.Equal(line["SBQQ__RevisedOrderProduct__c"], revised["SBQQ__OrderProduct__c"]);
            }
        }
    }
}
