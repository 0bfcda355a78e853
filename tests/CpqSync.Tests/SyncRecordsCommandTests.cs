using System.Text.Json.Nodes;
using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync sync products|pricebook|account</c> against a demo org and Stripe sandbox of its own.</summary>
public sealed class SyncRecordsCommandTests : IAsyncLifetime
{
    private SandboxPair? _sandbox;

    private SandboxPair Sandbox => _sandbox!;

    public async Task InitializeAsync() => _sandbox = await SandboxPair.StartAsync("demo");

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    [Fact]
    public async Task Syncing_an_account_creates_its_customer_and_prints_the_dashboard_link()
    {
        var acme = Record("Account", "Name", "Acme Corporation");

        var result = await InvokeAsync("sync", "account", acme);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"Account {acme} synced", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"cus_\w+  https://dashboard\.stripe\.com/test/customers/cus_\w+", result.Output);
        var customer = Assert.Single(await Sandbox.StripeObjects.ListAsync("customers"));
        Assert.Equal("Acme Corporation", (string?)customer["name"]);
    }

    [Fact]
    public async Task Syncing_products_without_ids_syncs_every_active_product()
    {
        var result = await InvokeAsync("sync", "products", "--json");

        var document = JsonNode.Parse(result.Output)!;
        var records = document["records"]!.AsArray();
        var active = Sandbox.Salesforce.Org.Records("Product2", includeDeleted: false).Count(p => p["IsActive"] is true);
        Assert.Equal("products", (string?)document["kind"]);
        Assert.Equal(active, records.Count);
        Assert.Equal(
            records.Count(r => (string?)r!["status"] == "succeeded"),
            await Sandbox.StripeObjects.CountAsync("products"));
    }

    [Fact]
    public async Task Syncing_the_standard_price_book_creates_products_and_prices()
    {
        var result = await InvokeAsync("sync", "pricebook", Sandbox.Salesforce.Org.Info.StandardPricebookId, "--json");

        var document = JsonNode.Parse(result.Output)!;
        Assert.Equal("pricebook", (string?)document["kind"]);
        Assert.NotEmpty(document["records"]!.AsArray());
        Assert.NotEmpty(await Sandbox.StripeObjects.ListAsync("prices"));
    }

    [Theory]
    [InlineData("account", "0015g00000009ZZAAY")]
    [InlineData("account", "not-an-id")]
    [InlineData("products", "01t5g00000009ZZAAY")]
    public async Task An_unknown_record_is_one_line_and_exit_code_3(string kind, string id)
    {
        var result = await InvokeAsync("sync", kind, id);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains(id, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    private string Record(string objectName, string field, string value) =>
        Sandbox.Salesforce.Org.Records(objectName, includeDeleted: false).Single(r => (string?)r[field] == value).Id;

    private Task<CliResult> InvokeAsync(params string[] args) => CliRun.InvokeAsync(args, Sandbox.Variables, Sandbox.Directory.FullName);
}
