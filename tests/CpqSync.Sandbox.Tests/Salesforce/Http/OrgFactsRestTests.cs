using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

/// <summary>What a connecting app reads to learn about the org: Organization, CurrencyType and the installed packages.</summary>
public class OrgFactsRestTests
{
    private static SalesforceSandboxOptions Seeded(string seed) => new() { Port = 0, Org = new SalesforceOrgOptions { Seed = seed } };

    private static string Q(string soql) => "query?q=" + Uri.EscapeDataString(soql);

    [Fact]
    public async Task Organization_answers_its_identity_time_zone_and_currency()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (status, result) = await sandbox.JsonAsync(HttpMethod.Get, Q(
            "SELECT Id, Name, IsSandbox, OrganizationType, DefaultLocaleSidKey, TimeZoneSidKey, LanguageLocaleKey, DefaultCurrencyIsoCode FROM Organization"));

        Assert.Equal(200, status);
        var org = Assert.Single(result!["records"]!.AsArray())!;
        Assert.Equal(sandbox.Server.Org.Info.OrganizationId, (string?)org["Id"]);
        Assert.Equal("CpqSync Sandbox", (string?)org["Name"]);
        Assert.True((bool)org["IsSandbox"]!);
        Assert.Equal("Enterprise Edition", (string?)org["OrganizationType"]);
        Assert.Equal("en_US", (string?)org["DefaultLocaleSidKey"]);
        Assert.Equal("GMT", (string?)org["TimeZoneSidKey"]);
        Assert.Equal("en_US", (string?)org["LanguageLocaleKey"]);
        Assert.Equal("USD", (string?)org["DefaultCurrencyIsoCode"]);
    }

    [Fact]
    public async Task CurrencyType_lists_the_active_currencies_with_the_corporate_one()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (_, result) = await sandbox.JsonAsync(HttpMethod.Get, Q(
            "SELECT IsoCode, IsCorporate, DecimalPlaces, ConversionRate FROM CurrencyType WHERE IsActive = true ORDER BY IsoCode"));

        var rows = result!["records"]!.AsArray();
        Assert.Equal(10, rows.Count);
        var corporate = Assert.Single(rows, r => (bool)r!["IsCorporate"]!)!;
        Assert.Equal("USD", (string?)corporate["IsoCode"]);
        Assert.Equal(0, (int)rows.Single(r => (string?)r!["IsoCode"] == "JPY")!["DecimalPlaces"]!);
    }

    [Fact]
    public async Task Organization_and_CurrencyType_are_described_as_read_only_and_refuse_DML()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        foreach (var type in new[] { "Organization", "CurrencyType" })
        {
            var (status, describe) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/{type}/describe");
            Assert.Equal(200, status);
            Assert.False((bool)describe!["createable"]!);
            Assert.False((bool)describe["updateable"]!);
            Assert.False((bool)describe["deletable"]!);
            Assert.True((bool)describe["queryable"]!);

            await RestAssert.ErrorAsync(
                await sandbox.SendAsync(HttpMethod.Post, $"sobjects/{type}", new JsonObject { ["Name"] = "Other" }),
                HttpStatusCode.BadRequest, "INVALID_TYPE_FOR_OPERATION", $"entity type cannot be inserted: {type}");
        }

        var orgId = sandbox.Server.Org.Info.OrganizationId;
        await RestAssert.ErrorAsync(
            await sandbox.SendAsync(HttpMethod.Patch, $"sobjects/Organization/{orgId}", new JsonObject { ["Name"] = "Renamed" }),
            HttpStatusCode.BadRequest, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be updated: Organization");
        await RestAssert.ErrorAsync(
            await sandbox.SendAsync(HttpMethod.Delete, $"sobjects/Organization/{orgId}"),
            HttpStatusCode.BadRequest, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted: Organization");
    }

    [Fact]
    public async Task Tooling_query_lists_the_installed_CPQ_package_and_its_version()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (status, result) = await sandbox.JsonAsync(HttpMethod.Get, "tooling/query?q=" + Uri.EscapeDataString(
            "SELECT Id, SubscriberPackageId, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.Id, "
            + "SubscriberPackageVersion.Name, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, "
            + "SubscriberPackageVersion.PatchVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage ORDER BY SubscriberPackageId"));

        Assert.Equal(200, status);
        var row = Assert.Single(result!["records"]!.AsArray())!;
        Assert.Equal("InstalledSubscriberPackage", (string?)row["attributes"]!["type"]);
        Assert.StartsWith("033", (string?)row["SubscriberPackageId"], StringComparison.Ordinal);
        Assert.Equal("SBQQ", (string?)row["SubscriberPackage"]!["NamespacePrefix"]);
        Assert.Equal("Salesforce CPQ", (string?)row["SubscriberPackage"]!["Name"]);
        Assert.StartsWith("04t", (string?)row["SubscriberPackageVersion"]!["Id"], StringComparison.Ordinal);
        Assert.Equal(252, (int)row["SubscriberPackageVersion"]!["MajorVersion"]!);
        Assert.Equal(2, (int)row["SubscriberPackageVersion"]!["MinorVersion"]!);
    }

    [Fact]
    public async Task Tooling_query_refuses_objects_it_does_not_have()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        await RestAssert.ErrorAsync(
            await sandbox.SendAsync(HttpMethod.Get, "tooling/query?q=" + Uri.EscapeDataString("SELECT Id FROM Account")),
            HttpStatusCode.BadRequest, "INVALID_TYPE");
    }

    [Fact]
    public async Task A_single_currency_org_has_no_CurrencyType_and_no_CurrencyIsoCode_fields()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync(Seeded("demo-single-currency"));

        await RestAssert.ErrorAsync(
            await sandbox.SendAsync(HttpMethod.Get, Q("SELECT IsoCode FROM CurrencyType")), HttpStatusCode.BadRequest, "INVALID_TYPE");
        await RestAssert.ErrorAsync(
            await sandbox.SendAsync(HttpMethod.Get, Q("SELECT CurrencyIsoCode FROM Order")), HttpStatusCode.BadRequest, "INVALID_FIELD");
        var (_, describe) = await sandbox.JsonAsync(HttpMethod.Get, "sobjects/Order/describe");
        Assert.DoesNotContain(describe!["fields"]!.AsArray(), f => (string?)f!["name"] == "CurrencyIsoCode");
        var (_, org) = await sandbox.JsonAsync(HttpMethod.Get, Q("SELECT DefaultCurrencyIsoCode FROM Organization"));
        Assert.Equal("USD", (string?)org!["records"]![0]!["DefaultCurrencyIsoCode"]);
        await RestAssert.ErrorAsync(
            await sandbox.SendAsync(HttpMethod.Post, "sobjects/Account", new JsonObject { ["Name"] = "X", ["CurrencyIsoCode"] = "USD" }),
            HttpStatusCode.BadRequest, "INVALID_FIELD");
    }

    [Fact]
    public async Task The_single_currency_demo_seed_has_activated_orders_in_the_one_currency()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync(Seeded("demo-single-currency"));

        var (status, result) = await sandbox.JsonAsync(HttpMethod.Get, Q("SELECT Id, TotalAmount FROM Order WHERE Status = 'Activated'"));

        Assert.Equal(200, status);
        Assert.True(result!["records"]!.AsArray().Count >= 5);
        var (_, entries) = await sandbox.JsonAsync(HttpMethod.Get, Q("SELECT Id FROM PricebookEntry"));
        var (_, products) = await sandbox.JsonAsync(HttpMethod.Get, Q("SELECT Id FROM Product2"));
        // One entry per product in each of the two price books, none per other currency.
        Assert.Equal(2 * (int)products!["totalSize"]!, (int)entries!["totalSize"]!);
    }

    [Theory]
    [InlineData("demo-single-currency", true)]
    [InlineData("empty-single-currency", true)]
    [InlineData("scale:3-single-currency", true)]
    [InlineData("demo-multi", false)]
    public void Seeds_may_ask_for_a_single_currency_org(string seed, bool valid) =>
        Assert.Equal(valid, SalesforceOrgOptions.IsSeed(seed));
}
