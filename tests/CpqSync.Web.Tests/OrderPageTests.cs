using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>The order page and the dashboard as an admin uses them to find out why an order did or did not reach Stripe.</summary>
public sealed class OrderPageTests(WebAppHost host, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>, IAsyncLifetime
{
    private const string ValidOrder = "Stark: platform (valid initial order)";
    private const string OrderWithoutQuote = "Invalid (ORDER_NO_QUOTE): order not generated from a quote";

    public Task InitializeAsync() => host.EnsureAdminAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_bad_order_shows_its_error_with_the_fix_hint_before_and_after_a_sync_attempt()
    {
        var page = await SignedInPageAsync();

        await page.GotoAsync("/orders/" + host.Order(OrderWithoutQuote));
        var plan = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "What a sync would do now" }) });
        await Assertions.Expect(plan).ToContainTextAsync("ORDER_NO_QUOTE");
        await Assertions.Expect(plan).ToContainTextAsync("How to fix: Regenerate the order from its CPQ quote");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The sync failed: ORDER_NO_QUOTE");
        var attempt = Attempts(page).Locator("li.attempt").First;
        await Assertions.Expect(attempt).ToContainTextAsync("Error");
        await Assertions.Expect(attempt).ToContainTextAsync(
            "There's no CPQ quote associated with the Salesforce order. Orders pushed to Stripe must have a related CPQ quote.");
        await Assertions.Expect(attempt.Locator(".hint")).ToHaveTextAsync(
            "How to fix: Regenerate the order from its CPQ quote (orders synced to Stripe must come from a CPQ quote).");
        await Screenshots.SaveAsync(page, "order-error");
    }

    [Fact]
    public async Task Sync_now_turns_an_order_Success_with_live_sync_off_and_links_its_Stripe_objects()
    {
        var page = await SignedInPageAsync();
        Assert.False(await host.Services.GetRequiredService<IWebConnection>().IsLiveSyncOnAsync(CancellationToken.None));

        await page.GotoAsync("/orders/" + host.Order(ValidOrder));
        await Assertions.Expect(page.Locator("ol.plan")).ToContainTextAsync("Create subscription schedule");
        await Assertions.Expect(page.Locator("ol.plan")).ToContainTextAsync("Create customer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Synced: Stripe is up to date with this order.");
        await Assertions.Expect(Attempts(page).Locator("li.attempt").First.Locator(".status")).ToHaveTextAsync("Success");
        var schedule = page.Locator(".stripe-objects a", new() { HasText = "sub_sched_" });
        Assert.StartsWith("https://dashboard.stripe.com/test/subscription_schedules/sub_sched_", await schedule.GetAttributeAsync("href"), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("Nothing to change in Stripe.")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "order-synced");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Assertions.Expect(page.Locator("#day-synced")).Not.ToHaveTextAsync("0");
        var row = page.Locator("table.outcomes tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = host.Order(ValidOrder) }) });
        await Assertions.Expect(row.First).ToContainTextAsync("Success");
        await Screenshots.SaveAsync(page, "dashboard");
    }

    [Fact]
    public async Task The_dashboard_filters_outcomes_and_refreshes_its_live_part_without_a_reload()
    {
        var page = await SignedInPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync("/orders/" + host.Order(OrderWithoutQuote));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The sync failed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await page.GetByLabel("Status").SelectOptionAsync("Error");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();

        Assert.Contains("status=Error", page.Url, StringComparison.Ordinal);
        var statuses = await page.Locator("table.outcomes tbody .status").AllTextContentsAsync();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("Error", s));
        await Assertions.Expect(page.Locator("svg.chart rect.bar.failed").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveAttributeAsync("data-refreshed", new System.Text.RegularExpressions.Regex(".+"), new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#api-usage")).ToBeVisibleAsync();
        Assert.Empty(errors);
        await Screenshots.SaveAsync(page, "dashboard-errors");
    }

    [Fact]
    public async Task An_order_Salesforce_does_not_have_says_so_and_a_malformed_id_is_not_found()
    {
        var page = await SignedInPageAsync();

        await page.GotoAsync("/orders/801000000000001AAA");
        var malformed = await page.APIRequest.GetAsync("/orders/not-an-id");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("801000000000001AAA");
        Assert.Equal(404, malformed.Status);
    }

    [Fact]
    public async Task An_admin_turns_live_sync_on_and_off_from_the_dashboard()
    {
        var page = await SignedInPageAsync();
        var connection = host.Services.GetRequiredService<IWebConnection>();

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn live sync on" }).ClickAsync();
        // The first time, where it starts is asked on the preferences page: from today (the default).
        await Assertions.Expect(page.Locator("#first-sync")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn live sync on" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preferences-saved")).ToContainTextAsync("Live sync is on, from ");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("On");
        Assert.True(await connection.IsLiveSyncOnAsync(CancellationToken.None));

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn live sync off" }).ClickAsync();
        await Assertions.Expect(page.Locator("#live-state")).ToHaveTextAsync("Off");
        Assert.False(await connection.IsLiveSyncOnAsync(CancellationToken.None));
    }

    [Fact]
    public async Task On_a_phone_the_dashboard_fits_the_screen_and_keeps_its_navigation()
    {
        var page = await browser.NewPageAsync(host.BaseUrl, new ViewportSize { Width = 390, Height = 844 });
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");

        Assert.False(overflow);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "dashboard-phone");
    }

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        return page;
    }

    private static ILocator Attempts(IPage page) =>
        page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Sync attempts" }) });
}
