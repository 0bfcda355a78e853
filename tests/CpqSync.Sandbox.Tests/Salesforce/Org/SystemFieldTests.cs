using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class SystemFieldTests
{
    [Fact]
    public void Updates_move_last_modified_and_system_modstamp_but_not_created_date()
    {
        var (org, time) = NewOrg();
        var account = Account(org);

        time.Advance(TimeSpan.FromMinutes(5));
        org.Update("Account", account, Json("""{"Phone":"1"}"""));
        var json = org.Retrieve("Account", account, null, "59.0");

        Assert.Equal("2026-03-01T09:30:00.000+0000", (string?)json["CreatedDate"]);
        Assert.Equal("2026-03-01T09:35:00.000+0000", (string?)json["LastModifiedDate"]);
        Assert.Equal("2026-03-01T09:35:00.000+0000", (string?)json["SystemModstamp"]);
        Assert.Equal(org.Info.ApiUser.Id, (string?)json["CreatedById"]);
        Assert.Equal(org.Info.ApiUser.Id, (string?)json["LastModifiedById"]);
    }

    [Fact]
    public void Audit_stamps_are_whole_seconds()
    {
        var (org, time) = NewOrg();
        time.Advance(TimeSpan.FromMilliseconds(1234.5));

        var account = Account(org);

        Assert.Equal("2026-03-01T09:30:01.000+0000", (string?)org.Retrieve("Account", account, ["CreatedDate"], "59.0")["CreatedDate"]);
    }

    [Fact]
    public void Auto_numbers_count_up_in_their_display_format()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var (_, entry) = Product(org);
        var first = DraftOrder(org, account);
        var second = DraftOrder(org, account);
        var line = Line(org, first, entry);
        var quote = org.Create("SBQQ__Quote__c", Json($$"""{"SBQQ__Account__c":"{{account}}"}"""));

        Assert.Equal("00000100", (string?)org.Retrieve("Order", first, null, "59.0")["OrderNumber"]);
        Assert.Equal("00000101", (string?)org.Retrieve("Order", second, null, "59.0")["OrderNumber"]);
        Assert.Equal("0000000100", (string?)org.Retrieve("OrderItem", line, null, "59.0")["OrderItemNumber"]);
        Assert.Equal("Q-00001", (string?)org.Retrieve("SBQQ__Quote__c", quote, null, "59.0")["Name"]);
    }

    [Fact]
    public void Field_defaults_apply_when_the_request_leaves_fields_out()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var product = org.Create("Product2", Json("""{"Name":"P"}"""));
        var order = org.Create("Order", Json($$"""{"AccountId":"{{account}}","EffectiveDate":"2026-01-01"}"""));

        var productJson = org.Retrieve("Product2", product, null, "59.0");
        var orderJson = org.Retrieve("Order", order, null, "59.0");

        Assert.False((bool)productJson["IsActive"]!);
        Assert.Equal("USD", (string?)productJson["CurrencyIsoCode"]);
        Assert.Equal("Draft", (string?)orderJson["Status"]);
        Assert.Equal("Draft", (string?)orderJson["StatusCode"]);
    }

    [Fact]
    public void Address_components_are_read_as_a_compound_address()
    {
        var (org, _) = NewOrg();
        var account = org.Create("Account", Json("""{"Name":"A","BillingStreet":"1 Main St","BillingCity":"Houston","BillingCountry":"US"}"""));

        var address = org.Retrieve("Account", account, null, "59.0")["BillingAddress"]!;

        Assert.Equal("1 Main St", (string?)address["street"]);
        Assert.Equal("Houston", (string?)address["city"]);
        Assert.Null(address["state"]);
    }
}

public class DerivedFieldTests
{
    [Fact]
    public void Opportunity_closed_and_won_follow_the_stage()
    {
        var (org, _) = OrgFixture.NewOrg();
        var id = org.Create("Opportunity", OrgFixture.Json("""{"Name":"O","StageName":"Prospecting","CloseDate":"2026-06-30"}"""));

        var open = org.Retrieve("Opportunity", id, ["IsClosed", "IsWon"], "59.0");
        org.Update("Opportunity", id, OrgFixture.Json("""{"StageName":"Closed Won"}"""));
        var won = org.Retrieve("Opportunity", id, ["IsClosed", "IsWon"], "59.0");

        Assert.False((bool)open["IsClosed"]!);
        Assert.True((bool)won["IsClosed"]!);
        Assert.True((bool)won["IsWon"]!);
    }

    [Fact]
    public void A_price_book_entry_shows_its_product_name_and_code()
    {
        var (org, _) = OrgFixture.NewOrg();
        var (product, entry) = OrgFixture.Product(org);

        org.Update("Product2", product, OrgFixture.Json("""{"Name":"Gadget","ProductCode":"G-1"}"""));

        var json = org.Retrieve("PricebookEntry", entry, ["Name", "ProductCode"], "59.0");
        Assert.Equal("Gadget", (string?)json["Name"]);
        Assert.Equal("G-1", (string?)json["ProductCode"]);
    }

    [Fact]
    public void Master_detail_children_take_their_master_currency()
    {
        var (org, _) = OrgFixture.NewOrg();
        var quote = org.Create("SBQQ__Quote__c", OrgFixture.Json("""{"CurrencyIsoCode":"JPY"}"""));

        var line = org.Create("SBQQ__QuoteLine__c", OrgFixture.Json($$"""{"SBQQ__Quote__c":"{{quote}}","CurrencyIsoCode":"USD"}"""));

        Assert.Equal("JPY", (string?)org.Retrieve("SBQQ__QuoteLine__c", line, ["CurrencyIsoCode"], "59.0")["CurrencyIsoCode"]);
    }
}
