using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class QuoteOrderingTests
{
    [Fact]
    public void Checking_ordered_on_a_quote_generates_a_draft_order_with_its_lines()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var (product, entry) = Product(org, price: 100m);
        var quote = org.Create("SBQQ__Quote__c", Json($$"""
            {"SBQQ__Account__c":"{{account}}","SBQQ__StartDate__c":"2026-04-01","SBQQ__SubscriptionTerm__c":12,
             "SBQQ__PricebookId__c":"{{org.Info.StandardPricebookId}}","SBQQ__PaymentTerms__c":"Net 30"}
            """));
        org.Create("SBQQ__QuoteLine__c", Json($$"""
            {"SBQQ__Quote__c":"{{quote}}","SBQQ__Product__c":"{{product}}","SBQQ__PricebookEntryId__c":"{{entry}}","SBQQ__Quantity__c":3,
             "SBQQ__ListPrice__c":100,"SBQQ__NetPrice__c":1200,"SBQQ__BillingFrequency__c":"Monthly","SBQQ__ChargeType__c":"Recurring",
             "SBQQ__SubscriptionPricing__c":"Fixed Price","SBQQ__ProrateMultiplier__c":12}
            """));

        org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":true}"""));

        var order = Assert.Single(org.Children("Order", "SBQQ__Quote__c", quote, includeDeleted: false));
        Assert.Equal("New", order["Type"]);
        Assert.Equal("Draft", order["Status"]);
        Assert.Equal(new DateOnly(2026, 4, 1), order["EffectiveDate"]);
        Assert.Equal(new DateOnly(2027, 3, 31), order["EndDate"]);
        Assert.Equal("Net 30", order["SBQQ__PaymentTerm__c"]);
        var line = Assert.Single(org.Children("OrderItem", "OrderId", order.Id, includeDeleted: false));
        Assert.Equal(3m, line["Quantity"]);
        Assert.Equal(1200m, line["UnitPrice"]);
        Assert.Equal("Monthly", line["SBQQ__BillingFrequency__c"]);
        Assert.Equal(12m, line["SBQQ__ProrateMultiplier__c"]);
        Assert.Equal(3600m, org.Find(order.Id)!["TotalAmount"]);
    }

    [Fact]
    public void A_one_time_product_is_renewable_by_default_and_its_line_carries_the_quotes_billing_frequency()
    {
        var (org, _) = NewOrg();
        var (product, entry) = Product(org, name: "Setup fee", price: 500m);
        var quote = org.Create("SBQQ__Quote__c", Json($$"""
            {"SBQQ__Account__c":"{{Account(org)}}","SBQQ__StartDate__c":"2026-04-01","SBQQ__SubscriptionTerm__c":12,
             "SBQQ__BillingFrequency__c":"Monthly","SBQQ__PricebookId__c":"{{org.Info.StandardPricebookId}}"}
            """));
        org.Create("SBQQ__QuoteLine__c", Json($$"""
            {"SBQQ__Quote__c":"{{quote}}","SBQQ__Product__c":"{{product}}","SBQQ__PricebookEntryId__c":"{{entry}}","SBQQ__Quantity__c":1,
             "SBQQ__ListPrice__c":500,"SBQQ__NetPrice__c":500,"SBQQ__ChargeType__c":"One-Time"}
            """));

        org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":true}"""));

        // As in a real org: CPQ defaults every product to Renewable and copies the quote's billing frequency onto
        // one-time lines; only the missing subscription pricing makes them one-time.
        Assert.Equal("Renewable", org.Find(product)!["SBQQ__SubscriptionType__c"]);
        var order = Assert.Single(org.Children("Order", "SBQQ__Quote__c", quote, includeDeleted: false));
        var line = Assert.Single(org.Children("OrderItem", "OrderId", order.Id, includeDeleted: false));
        Assert.Equal("Monthly", line["SBQQ__BillingFrequency__c"]);
        Assert.Null(line["SBQQ__SubscriptionPricing__c"]);
    }

    [Fact]
    public void Ordering_a_quote_twice_does_not_generate_a_second_order()
    {
        var (org, _) = NewOrg();
        var quote = org.Create("SBQQ__Quote__c", Json($$"""{"SBQQ__Account__c":"{{Account(org)}}","SBQQ__StartDate__c":"2026-04-01"}"""));

        org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":true}"""));
        org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":false}"""));
        org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":true}"""));

        Assert.Single(org.Children("Order", "SBQQ__Quote__c", quote, includeDeleted: false));
    }

    [Fact]
    public void A_quote_without_an_account_cannot_be_ordered()
    {
        var (org, _) = NewOrg();
        var quote = org.Create("SBQQ__Quote__c", Json("{}"));

        var error = Fails(() => org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":true}""")));

        Assert.Equal("FIELD_CUSTOM_VALIDATION_EXCEPTION", error.ErrorCode);
        Assert.False((bool)org.Retrieve("SBQQ__Quote__c", quote, ["SBQQ__Ordered__c"], "59.0")["SBQQ__Ordered__c"]!);
    }
}
