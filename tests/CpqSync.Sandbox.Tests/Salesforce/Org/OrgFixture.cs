using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

/// <summary>Helpers shared by the org tests: a fresh org on a fake clock and a few record builders.</summary>
internal static class OrgFixture
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    public static (SalesforceOrg Org, FakeTimeProvider Time) NewOrg(string seed = "empty")
    {
        var time = new FakeTimeProvider(Start);
        return (SalesforceOrg.Create(new SalesforceOrgOptions { Seed = seed }, time), time);
    }

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static SalesforceErrorException Fails(Action action) => Assert.Throws<SalesforceErrorException>(action);

    /// <summary>A product with an active standard USD price, ready for custom price books and orders.</summary>
    public static (string Product, string StandardEntry) Product(SalesforceOrg org, string name = "Widget", decimal price = 10m, string currency = "USD")
    {
        var product = org.Create("Product2", Json($$"""{"Name":"{{name}}","IsActive":true}"""));
        var entry = org.Create("PricebookEntry", Json($$"""
            {"Pricebook2Id":"{{org.Info.StandardPricebookId}}","Product2Id":"{{product}}","UnitPrice":{{price}},"IsActive":true,"CurrencyIsoCode":"{{currency}}"}
            """));
        return (product, entry);
    }

    public static string Account(SalesforceOrg org, string name = "Acme") => org.Create("Account", Json($$"""{"Name":"{{name}}"}"""));

    public static string DraftOrder(SalesforceOrg org, string account, string? pricebook = null, string currency = "USD") =>
        org.Create("Order", Json($$"""
            {"AccountId":"{{account}}","EffectiveDate":"2026-03-01","Status":"Draft","Pricebook2Id":"{{pricebook ?? org.Info.StandardPricebookId}}","CurrencyIsoCode":"{{currency}}"}
            """));

    public static string Line(SalesforceOrg org, string order, string entry, decimal quantity = 2, decimal price = 10m) =>
        org.Create("OrderItem", Json($$"""{"OrderId":"{{order}}","PricebookEntryId":"{{entry}}","Quantity":{{quantity}},"UnitPrice":{{price}}}"""));
}
