using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class PricebookRuleTests
{
    private static string CustomPricebook(CpqSync.Sandbox.Salesforce.Org.SalesforceOrg org) =>
        org.Create("Pricebook2", Json("""{"Name":"Partner","IsActive":true}"""));

    [Fact]
    public void A_custom_price_needs_an_active_standard_price_first()
    {
        var (org, _) = NewOrg();
        var product = org.Create("Product2", Json("""{"Name":"P","IsActive":true}"""));
        var pricebook = CustomPricebook(org);

        var error = Fails(() => org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{pricebook}}","Product2Id":"{{product}}","UnitPrice":5,"IsActive":true}
            """)));

        Assert.Equal("STANDARD_PRICE_NOT_DEFINED", error.ErrorCode);
        Assert.Equal("No standard price defined for this product", error.Errors[0].Message);
    }

    [Fact]
    public void The_standard_price_must_be_in_the_same_currency()
    {
        var (org, _) = NewOrg();
        var (product, _) = Product(org, currency: "EUR");
        var pricebook = CustomPricebook(org);

        var error = Fails(() => org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{pricebook}}","Product2Id":"{{product}}","UnitPrice":5,"IsActive":true,"CurrencyIsoCode":"USD"}
            """)));

        Assert.Equal("STANDARD_PRICE_NOT_DEFINED", error.ErrorCode);
    }

    [Fact]
    public void A_custom_price_follows_the_standard_one_when_asked_to()
    {
        var (org, _) = NewOrg();
        var (product, _) = Product(org, price: 42m);
        var pricebook = CustomPricebook(org);

        var entry = org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{pricebook}}","Product2Id":"{{product}}","UnitPrice":1,"UseStandardPrice":true,"IsActive":true}
            """));

        var json = org.Retrieve("PricebookEntry", entry, null, "59.0");
        Assert.Equal(42m, (decimal)json["UnitPrice"]!);
        Assert.Equal("Widget", (string?)json["Name"]);
    }

    [Fact]
    public void One_entry_per_product_price_book_and_currency()
    {
        var (org, _) = NewOrg();
        var (product, _) = Product(org);

        var duplicate = Fails(() => org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{org.Info.StandardPricebookId}}","Product2Id":"{{product}}","UnitPrice":11,"IsActive":true}
            """)));
        var otherCurrency = org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{org.Info.StandardPricebookId}}","Product2Id":"{{product}}","UnitPrice":9,"IsActive":true,"CurrencyIsoCode":"EUR"}
            """));

        Assert.Equal("DUPLICATE_VALUE", duplicate.ErrorCode);
        Assert.Equal("This price definition already exists in this price book", duplicate.Errors[0].Message);
        Assert.StartsWith("01u", otherCurrency, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_keeps_its_price_book_product_and_currency()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);

        var error = Fails(() => org.Update("PricebookEntry", entry, Json("""{"CurrencyIsoCode":"EUR"}""")));

        Assert.Equal("INVALID_FIELD_FOR_INSERT_UPDATE", error.ErrorCode);
    }

    [Fact]
    public void The_standard_price_book_cannot_be_deleted()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Delete("Pricebook2", org.Info.StandardPricebookId));

        Assert.Equal(400, error.StatusCode);
    }
}
