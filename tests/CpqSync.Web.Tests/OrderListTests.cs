using System.Text.RegularExpressions;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Sync;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using CpqSync.Web.Security;
using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>The orders list of the demo org: finding an order by number, account or Stripe id, and why orders do not sync.</summary>
public sealed class OrderListTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>, IAsyncLifetime
{
    private const string ValidOrder = "Stark: platform (valid initial order)";
    private const string DraftOrder = "Acme draft: analytics";
    private const string AcmeOrder = "Acme: platform, onboarding and API usage";
    private const string FailingOrder = "Invalid (ORDER_NO_QUOTE): order not generated from a quote";
    private const string WaitingOrder = "Umbrella: premium support";

    public Task InitializeAsync() => host.EnsureAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Finds_an_order_by_its_number_its_account_and_its_Stripe_id_with_links_to_both_systems()
    {
        var page = await SignedInPageAsync();
        var id = host.Order(ValidOrder);
        var number = (string)(await host.QueryAsync($"SELECT OrderNumber FROM Order WHERE Id = '{id}'"))[0]!["OrderNumber"]!;

        await SearchAsync(page, number);
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
        Assert.Equal(id, await Rows(page).First.GetAttributeAsync("data-order-id"));
        var salesforceLink = await Rows(page).First.Locator("a.sf-id").GetAttributeAsync("href");
        Assert.EndsWith($"/lightning/r/Order/{id}/view", salesforceLink, StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:", salesforceLink, StringComparison.Ordinal); // the org's instance URL

        var initech = await host.QueryAsync("SELECT Id FROM Order WHERE Account.Name LIKE '%Initech%'");
        await SearchAsync(page, "initech");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(initech.Count);
        foreach (var row in await Rows(page).AllAsync())
        {
            await Assertions.Expect(row.Locator("td").Nth(1)).ToContainTextAsync("Initech");
        }

        var connection = (await host.Services.GetRequiredService<IWebConnection>().GetAsync(CancellationToken.None))!;
        var synced = await host.Services.GetRequiredService<ManualSync>().SyncOrderAsync(connection, id, CancellationToken.None);
        Assert.True(synced.Succeeded, synced.Message);
        var outcome = (await host.Services.GetRequiredService<ISyncMonitor>().GetLastOutcomesAsync(connection.Id, "Order", [id], CancellationToken.None)).Single();
        var schedule = outcome.StripeIds[0];
        Assert.StartsWith("sub_sched_", schedule, StringComparison.Ordinal);

        await SearchAsync(page, schedule);
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
        Assert.Equal(id, await Rows(page).First.GetAttributeAsync("data-order-id"));
        await Assertions.Expect(Rows(page).First.Locator(".status")).ToHaveTextAsync("Success");
        Assert.Equal(
            $"https://dashboard.stripe.com/test/subscription_schedules/{schedule}",
            await Rows(page).First.Locator("a.stripe-id").GetAttributeAsync("href"));
        await Screenshots.SaveAsync(page, "orders-search-stripe-id");

        await SearchAsync(page, "sub_sched_nothingmapped");
        await Assertions.Expect(page.GetByText("No order matches.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Explains_why_an_order_does_not_sync_for_each_reason()
    {
        var page = await SignedInPageAsync();

        await SearchAsync(page, host.Order(DraftOrder));
        await Assertions.Expect(Reason(page)).ToHaveTextAsync("Status is Draft, not Activated.");

        var acme = host.Order(AcmeOrder);
        var account = (string)(await host.QueryAsync($"SELECT Account.Name FROM Order WHERE Id = '{acme}'"))[0]!["Account"]!["Name"]!;
        try
        {
            await ChangePreferencesAsync(p => p with { Filters = [.. p.Filters, SyncFilter.Create("Account", "Name", FilterOperator.NotEqualTo, account)] });
            await SearchAsync(page, acme);
            await Assertions.Expect(Reason(page)).ToHaveTextAsync("Left out by the filter Account.Name NotEqualTo.");

            var tomorrow = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(1);
            await ChangePreferencesAsync(_ => new SyncPreferences { StartDate = tomorrow });
            await page.ReloadAsync();
            await Assertions.Expect(Reason(page)).ToHaveTextAsync($"Activated before the start date, {tomorrow:yyyy-MM-dd}.");
        }
        finally
        {
            await ChangePreferencesAsync(_ => new SyncPreferences());
        }

        await page.ReloadAsync();
        await Assertions.Expect(Reason(page)).ToBeEmptyAsync();

        // An order of a contract is parked with an error (as the worker parks an order that keeps failing); the next
        // order of the contract waits behind it. The host's worker is stopped first so that the test parks the item itself.
        await host.Services.GetServices<IHostedService>().OfType<SyncWorkerService>().Single().StopAsync(CancellationToken.None);
        var connectionId = (await host.Services.GetRequiredService<IWebConnection>().GetAsync(CancellationToken.None))!.Id;
        var store = host.Services.GetRequiredService<ISyncStore>();
        const string Contract = "800000000000TSTAAA";
        var failing = host.Order(FailingOrder);
        await store.EnqueueAsync(SyncWork.Order(connectionId, failing, Contract, SyncTrigger.Manual), CancellationToken.None);
        var lease = (await store.LeaseAsync(new LeaseRequest("test", 1, TimeSpan.FromMinutes(5), connectionId), CancellationToken.None)).Single();
        Assert.Equal(
            WorkFailureResult.Parked,
            await store.FailAsync(lease, new WorkFailure("STRIPE_UNAVAILABLE", "Stripe kept answering 503.", null, 1), null, CancellationToken.None));

        var waiting = host.Order(WaitingOrder);
        await store.EnqueueAsync(SyncWork.Order(connectionId, waiting, Contract, SyncTrigger.Manual), CancellationToken.None);
        await SearchAsync(page, waiting);
        await Assertions.Expect(Reason(page)).ToHaveTextAsync($"Waiting behind order {failing} of its contract, which is parked with an error.");
        await Assertions.Expect(Rows(page).First.Locator(".queue")).ToHaveTextAsync("Queued");
        await Screenshots.SaveAsync(page, "orders-waiting");
    }

    private async Task ChangePreferencesAsync(Func<SyncPreferences, SyncPreferences> change)
    {
        var connectionId = (await host.Services.GetRequiredService<IWebConnection>().GetAsync(CancellationToken.None))!.Id;
        var documents = new ConnectionDocumentStore(host.Services.GetRequiredService<ISyncStore>());
        var stored = (await documents.LoadAsync(connectionId, CancellationToken.None))!;
        var saved = await documents.SaveAsync(
            connectionId, stored.Document with { Preferences = change(stored.Document.Preferences) }, stored.Version, CancellationToken.None);
        Assert.NotNull(saved);
    }

    private static async Task SearchAsync(IPage page, string text)
    {
        await page.GotoAsync("/orders");
        await page.GetByLabel("Order number, account, Salesforce or Stripe id").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SearchUrl(text));
    }

    /// <summary>
    /// The address of the results of a search for <paramref name="text"/>. Tests wait for the address bar to show it with
    /// a retrying assertion, not with <c>WaitForURLAsync</c>: that one reads the page's address and, when it does not
    /// match yet, starts listening for the navigation, so a navigation committed in between (a busy machine delays the
    /// test's continuation while Playwright's reader thread goes on) is missed and the test waits out its 30 s timeout.
    /// </summary>
    private static Regex SearchUrl(string text) => new($"/orders\\?(.*&)?q={Regex.Escape(Uri.EscapeDataString(text))}(&|$)");

    private static ILocator Rows(IPage page) => page.Locator("table.orders tbody tr");

    private static ILocator Reason(IPage page) => Rows(page).First.Locator("td.reason");

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        return page;
    }
}

/// <summary>Paging through the orders of an org with 2,000 of them, forward to the end and back to the start.</summary>
public sealed class OrderListPagingTests(ScaleWebAppHost host, Browser browser) : IClassFixture<ScaleWebAppHost>, IClassFixture<Browser>, IAsyncLifetime
{
    public Task InitializeAsync() => host.EnsureAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Pages_forward_through_all_2000_orders_by_number_and_back_to_the_first_page()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        await page.GotoAsync("/orders");
        await page.Locator("th a", new() { HasText = "Order" }).ClickAsync(); // sort by number, ascending
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]dir=asc(&|$)")); // polls the address: see OrderListTests.SearchUrl
        await Assertions.Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Order");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "← Previous" })).ToHaveCountAsync(0);

        var pages = new List<IReadOnlyList<string>> { await NumbersAsync(page) };
        var next = page.GetByRole(AriaRole.Link, new() { Name = "Next →" });
        while (await next.CountAsync() > 0)
        {
            var last = pages[^1][^1];
            await next.ClickAsync();
            await Assertions.Expect(Rows(page).First.Locator("td").First).Not.ToContainTextAsync(pages[^1][0]);
            pages.Add(await NumbersAsync(page));
            Assert.True(string.CompareOrdinal(pages[^1][0], last) > 0, $"page {pages.Count} starts after {last}");
        }

        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(2000, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(40, pages.Count);

        var previous = page.GetByRole(AriaRole.Link, new() { Name = "← Previous" });
        for (var i = pages.Count - 2; i >= 0; i--)
        {
            await previous.ClickAsync();
            await Assertions.Expect(Rows(page).First.Locator("td").First).ToContainTextAsync(pages[i][0]);
            Assert.Equal(pages[i], await NumbersAsync(page));
        }

        await Assertions.Expect(previous).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "orders-first-page");
    }

    private static ILocator Rows(IPage page) => page.Locator("table.orders tbody tr");

    private static async Task<IReadOnlyList<string>> NumbersAsync(IPage page) =>
        (await Rows(page).Locator("td:first-child > a:first-child").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
}
