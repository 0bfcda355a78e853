using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class OrderRuleTests
{
    [Fact]
    public void An_order_line_takes_product_list_price_currency_and_total_from_its_entry()
    {
        var (org, _) = NewOrg();
        var (product, entry) = Product(org, price: 15m);
        var order = DraftOrder(org, Account(org));

        var line = Line(org, order, entry, quantity: 3, price: 12.5m);

        var json = org.Retrieve("OrderItem", line, null, "59.0");
        Assert.Equal(product, (string?)json["Product2Id"]);
        Assert.Equal(15m, (decimal)json["ListPrice"]!);
        Assert.Equal(37.5m, (decimal)json["TotalPrice"]!);
        Assert.Equal("USD", (string?)json["CurrencyIsoCode"]);
        Assert.Equal(37.5m, (decimal)org.Retrieve("Order", order, ["TotalAmount"], "59.0")["TotalAmount"]!);
    }

    [Fact]
    public void A_line_must_use_an_entry_of_the_order_price_book()
    {
        var (org, _) = NewOrg();
        var (product, _) = Product(org);
        var pricebook = org.Create("Pricebook2", Json("""{"Name":"Partner","IsActive":true}"""));
        var custom = org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{pricebook}}","Product2Id":"{{product}}","UnitPrice":5,"IsActive":true}
            """));
        var order = DraftOrder(org, Account(org));

        var error = Fails(() => Line(org, order, custom));

        Assert.Equal("FIELD_INTEGRITY_EXCEPTION", error.ErrorCode);
        Assert.Equal(["PricebookEntryId"], error.Errors[0].Fields);
    }

    [Fact]
    public void A_line_must_use_an_entry_in_the_order_currency()
    {
        var (org, _) = NewOrg();
        var (_, eurEntry) = Product(org, currency: "EUR");
        var order = DraftOrder(org, Account(org), currency: "USD");

        var error = Fails(() => Line(org, order, eurEntry));

        Assert.Equal("FIELD_INTEGRITY_EXCEPTION", error.ErrorCode);
        Assert.Contains("currency", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Activation_needs_at_least_one_product_and_sets_status_code_and_activation_stamp()
    {
        var (org, time) = NewOrg();
        var (_, entry) = Product(org);
        var order = DraftOrder(org, Account(org));

        var empty = Fails(() => org.Update("Order", order, Json("""{"Status":"Activated"}""")));
        var line = Line(org, order, entry);
        time.Advance(TimeSpan.FromHours(1));
        org.Update("Order", order, Json("""{"Status":"Activated"}"""));

        Assert.Equal("FIELD_INTEGRITY_EXCEPTION", empty.ErrorCode);
        var json = org.Retrieve("Order", order, null, "59.0");
        Assert.Equal("Activated", (string?)json["StatusCode"]);
        Assert.Equal("2026-03-01T10:30:00.000+0000", (string?)json["ActivatedDate"]);
        Assert.Equal(org.Info.ApiUser.Id, (string?)json["ActivatedById"]);
        Assert.Equal("Activated", (string?)org.Retrieve("OrderItem", line, null, "59.0")["SBQQ__Status__c"]);
    }

    [Fact]
    public void An_order_cannot_be_created_activated()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Create("Order", Json($$"""{"AccountId":"{{Account(org)}}","EffectiveDate":"2026-01-01","Status":"Activated"}""")));

        Assert.Equal("FIELD_INTEGRITY_EXCEPTION", error.ErrorCode);
    }

    [Fact]
    public void Products_of_an_activated_order_cannot_be_added_changed_or_deleted()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var order = DraftOrder(org, Account(org));
        var line = Line(org, order, entry);
        org.Update("Order", order, Json("""{"Status":"Activated"}"""));

        var add = Fails(() => Line(org, order, entry));
        var change = Fails(() => org.Update("OrderItem", line, Json("""{"Quantity":5}""")));
        var delete = Fails(() => org.Delete("OrderItem", line));
        org.Update("OrderItem", line, Json("""{"Description":"still fine"}"""));

        Assert.All([add, change, delete], e => Assert.Equal("FIELD_INTEGRITY_EXCEPTION", e.ErrorCode));
    }

    [Fact]
    public void An_activated_order_keeps_its_price_book()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var pricebook = org.Create("Pricebook2", Json("""{"Name":"Partner","IsActive":true}"""));
        var order = DraftOrder(org, Account(org));
        Line(org, order, entry);
        org.Update("Order", order, Json("""{"Status":"Activated"}"""));

        var error = Fails(() => org.Update("Order", order, Json($$"""{"Pricebook2Id":"{{pricebook}}"}""")));

        Assert.Equal("FIELD_INTEGRITY_EXCEPTION", error.ErrorCode);
        Assert.Equal(["Pricebook2Id"], error.Errors[0].Fields);
    }

    [Fact]
    public void Reverting_to_draft_resets_the_status_code()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var order = DraftOrder(org, Account(org));
        Line(org, order, entry);
        org.Update("Order", order, Json("""{"Status":"Activated"}"""));

        org.Update("Order", order, Json("""{"Status":"Draft"}"""));

        Assert.Equal("Draft", (string?)org.Retrieve("Order", order, null, "59.0")["StatusCode"]);
    }

    [Fact]
    public void Deleting_an_order_deletes_its_products()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var order = DraftOrder(org, Account(org));
        var line = Line(org, order, entry);

        org.Delete("Order", order);

        Assert.True(org.Find(line)!.IsDeleted);
        Assert.True(org.Find(order)!.IsDeleted);
        Assert.Empty(org.Records("OrderItem", includeDeleted: false));
        Assert.Single(org.Records("OrderItem", includeDeleted: true));
        Assert.Equal("ENTITY_IS_DELETED", Fails(() => org.Retrieve("OrderItem", line, null, "59.0")).ErrorCode);
    }

    [Fact]
    public void Contract_end_date_and_status_code_follow_start_term_and_status()
    {
        var (org, _) = NewOrg();
        var contract = org.Create("Contract", Json($$"""
            {"AccountId":"{{Account(org)}}","StartDate":"2026-01-15","ContractTerm":12}
            """));
        org.Update("Contract", contract, Json("""{"Status":"Activated"}"""));

        var json = org.Retrieve("Contract", contract, null, "59.0");

        Assert.Equal("2027-01-14", (string?)json["EndDate"]);
        Assert.Equal("Activated", (string?)json["StatusCode"]);
        Assert.Equal("00000100", (string?)json["ContractNumber"]);
    }
}
