using System.Text.RegularExpressions;
using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>
/// The accounts, products and price book entries pages as an admin uses them: find a record, sync it from the app (the
/// manual syncs the CLI runs), and see its Stripe object and sync history.
/// </summary>
public sealed class CatalogueTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>, IAsyncLifetime
{
    public Task InitializeAsync() => host.EnsureAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_account_found_by_name_syncs_from_its_page_and_is_then_found_by_its_Stripe_customer()
    {
        var page = await SignedInPageAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Accounts" }).ClickAsync();
        await page.GetByLabel("Search (name, Salesforce id or Stripe id)").FillAsync("Umbrella");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var rows = page.Locator("table.catalogue tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync("Umbrella Health");
        await Assertions.Expect(rows).ToContainTextAsync("not synced");
        var inOrg = await rows.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("in Salesforce$") }).GetAttributeAsync("href");
        Assert.Matches(@"/lightning/r/Account/001[A-Za-z0-9]{15}/view$", inOrg);
        await rows.Locator("a code").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Account Umbrella Health", Level = 1 }).WaitForAsync();
        Assert.Equal("Not synced yet.", await page.Locator("section", new() { HasText = "Sync history" }).Locator("p").TextContentAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync this account" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Synced this account: 1 record up to date in Stripe.");
        var customer = page.Locator("#stripe-object a");
        var customerId = (await customer.TextContentAsync())!.Trim();
        Assert.StartsWith("cus_", customerId, StringComparison.Ordinal);
        Assert.Equal($"https://dashboard.stripe.com/test/customers/{customerId}", await customer.GetAttributeAsync("href"));
        await Assertions.Expect(page.Locator("ol.attempts li.attempt").First.Locator(".status")).ToHaveTextAsync("Success");
        await Screenshots.SaveAsync(page, "account-synced");

        await page.GotoAsync("/accounts?q=" + customerId);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync($"Customer {customerId}");
    }

    [Fact]
    public async Task Products_sync_a_page_at_a_time_and_a_price_book_syncs_from_its_entries_page()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/products");
        await Assertions.Expect(page.Locator("table.catalogue tbody tr").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync these products" }).ClickAsync();

        await Assertions.Expect(page.Locator("p.notice, p.problem")).ToContainTextAsync("these");
        await Assertions.Expect(page.Locator("table.catalogue tbody tr", new() { HasText = "Product prod_" }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "products");

        await page.GotoAsync("/pricebook-entries");
        var book = await page.Locator("#pricebook option").Nth(1).GetAttributeAsync("value");
        await page.GetByLabel("Show the entries of").SelectOptionAsync(book!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        Assert.Contains("pricebook=" + book, page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync this price book" }).ClickAsync();

        Assert.Contains("pricebook=" + book, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("p.notice, p.problem")).ToContainTextAsync("this price book");
        await Assertions.Expect(page.Locator("table.catalogue tbody tr", new() { HasText = "Price price_" }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "pricebook-entries");
    }

    [Fact]
    public async Task The_price_book_entries_page_forward_and_back_a_page_at_a_time_by_product_name()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/pricebook-entries");
        await Assertions.Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Product");
        var first = await RowsAsync(page);
        Assert.Equal(50, first.Count);
        Assert.Equal(first.Order(ByName), first);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "← Previous" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "← Previous" })).ToBeVisibleAsync(); // below the rows
        var second = await RowsAsync(page);
        Assert.NotEmpty(second);
        Assert.Equal(second.Order(ByName), second);
        Assert.True(ByName.Compare(second[0], first[^1]) > 0, $"{second[0]} should follow {first[^1]}");
        Assert.Empty(second.Intersect(first));

        await page.GetByRole(AriaRole.Link, new() { Name = "← Previous" }).ClickAsync();
        await Assertions.Expect(Ids(page)).ToHaveTextAsync([.. first.Select(static r => r.Id)]);
    }

    [Fact]
    public async Task Accounts_are_listed_by_name_and_the_headers_sort_them_by_id_or_by_name_the_other_way_round()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/accounts");
        var byName = await RowsAsync(page);
        Assert.True(byName.Count > 1);
        Assert.Equal(byName.Order(ByName), byName);

        await page.Locator("th a", new() { HasText = "Salesforce id" }).ClickAsync();
        await Assertions.Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Salesforce id");
        await Assertions.Expect(Ids(page)).ToHaveTextAsync([.. byName.Select(static r => r.Id).Order(StringComparer.Ordinal)]);

        await page.Locator("th a", new() { HasText = "Name" }).ClickAsync();
        await Assertions.Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Name");
        await page.Locator("th a", new() { HasText = "Name" }).ClickAsync();
        await Assertions.Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("Name");
        await Assertions.Expect(Ids(page)).ToHaveTextAsync([.. byName.Select(static r => r.Id).Reverse()]);
        await Screenshots.SaveAsync(page, "accounts-by-name-descending");
    }

    /// <summary>By name as Salesforce compares text (case aside), then by id.</summary>
    private static readonly Comparer<(string Name, string Id)> ByName = Comparer<(string Name, string Id)>.Create(static (a, b) =>
        StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Id, b.Id));

    private static ILocator Ids(IPage page) => page.Locator("table.catalogue tbody tr td:first-child code");

    /// <summary>The rows shown: each one's name (the second column, the one the list sorts by) and Salesforce id.</summary>
    private static async Task<List<(string Name, string Id)>> RowsAsync(IPage page)
    {
        var ids = await Ids(page).AllTextContentsAsync();
        var names = await page.Locator("table.catalogue tbody tr td:nth-child(2)").AllTextContentsAsync();
        return [.. names.Zip(ids, static (name, id) => (name.Trim(), id.Trim()))];
    }

    [Fact]
    public async Task A_read_only_user_sees_the_lists_but_cannot_sync()
    {
        await host.Services.GetRequiredService<Security.WebAccounts>().AddUserAsync(
            "reader", "reads but never syncs", Storage.WebRole.ReadOnly, CancellationToken.None);
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, "reader", "reads but never syncs");

        await page.GotoAsync("/products");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sync these products" })).ToBeDisabledAsync();
        var token = await SignIn.FormTokenAsync(page);
        var status = await page.EvaluateAsync<int>("""
            async token => (await fetch('/products?handler=Sync', {
                method: 'POST', body: new URLSearchParams({ ids: '01t000000000001AAA', __RequestVerificationToken: token }) })).status
            """, token);

        Assert.Equal(403, status);
    }

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        return page;
    }
}
