using CpqSync.Salesforce;
using CpqSync.Sandbox.Stripe;
using CpqSync.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>
/// The setup wizard walked in a browser as a new user does against <c>serve --sandbox</c>: connect the org through its
/// consent page, enter the Stripe key, add a metadata mapping and see it in the preview, set preferences, turn live
/// sync on, and watch an order activated in Salesforce reach Success. Each step is screenshotted into artifacts/screenshots.
/// </summary>
public sealed class SetupWizardTests(WebAppHost serve, Browser browser) : IClassFixture<WebAppHost>, IClassFixture<Browser>
{
    /// <summary>An admin account to sign in with, as the first run leaves one.</summary>
    private Task EnsureAdminAsync() => serve.EnsureAdminAsync();

    [Fact]
    public async Task A_new_user_walks_the_wizard_from_authorize_to_live_sync()
    {
        await EnsureAdminAsync();
        var page = await browser.NewPageAsync(serve.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);

        // 1. Authorize: the org through its consent page, then the Stripe key.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Setup" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Authorize" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Salesforce" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to Salesforce" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Allow Access?" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
        var connected = await page.Locator("#salesforce-connected").TextContentAsync();
        Assert.Contains(serve.Services.GetRequiredService<IOptions<SalesforceOptions>>().Value.Username!, connected, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to Authorize" }).ClickAsync();
        await page.GetByLabel("Secret key (sk_…) or restricted key (rk_…)").FillAsync(StripeSandboxOptions.DefaultSecretKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save key" }).ClickAsync();
        var stripe = await page.Locator("#stripe-status").TextContentAsync();
        Assert.Contains("acct_", stripe, StringComparison.Ordinal);
        Assert.Contains("test mode", stripe, StringComparison.Ordinal);
        Assert.Contains("Connected to org", await page.Locator("#salesforce-status").TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "setup-1-authorize");

        // 2. Data mapping: a metadata row from a field reached through a lookup, previewed then saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Next: data mapping" }).ClickAsync();
        await page.GetByLabel("Key of metadata row 1").FillAsync("account_owner");
        await page.GetByLabel("Salesforce field of metadata row 1").FillAsync("Owner.Email");
        // The demo's first order: the default sample (the latest activated order) depends on the seed's activation times.
        await page.GetByLabel("Preview with order (empty: the latest activated order)").FillAsync("8015g0000000001AAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await page.Locator("#mapping-preview").WaitForAsync();
        var mapped = page.Locator("#mapping-preview tr.mapped");
        Assert.True(await mapped.CountAsync() > 0, "No mapped parameter in the preview: " + await page.Locator("#mapping-preview").TextContentAsync());
        Assert.Contains("metadata[account_owner]", await mapped.First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("@", await mapped.First.Locator("td").Nth(1).TextContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mappings" }).ClickAsync();
        await page.Locator("#mapping-saved").WaitForAsync();
        await Screenshots.SaveAsync(page, "setup-2-mapping");

        // 3. Preferences: a filter row on the account, live sync on.
        await page.GetByRole(AriaRole.Link, new() { Name = "Next: sync preferences" }).ClickAsync();
        await page.GetByLabel("Object of filter 2").SelectOptionAsync("Account");
        await page.GetByLabel("Field of filter 2").FillAsync("Name");
        await page.GetByLabel("Operator of filter 2").SelectOptionAsync("NotIn");
        await page.GetByLabel("Value of filter 2").FillAsync("Test Co, Internal Co");
        await page.GetByLabel("Polling interval (seconds)").FillAsync("2");
        await page.GetByLabel("Live sync: sync changes as they happen").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();

        // The first time, live sync asks where it starts, with the count of orders in view: from today.
        await Assertions.Expect(page.Locator("#history-count")).ToContainTextAsync("activated since");
        Assert.True(await page.GetByLabel("From today").IsCheckedAsync());
        await Screenshots.SaveAsync(page, "setup-3-first-sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn live sync on" }).ClickAsync();
        var today = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"Preferences saved. Live sync is on, from {today}.", await page.Locator("#preferences-saved").TextContentAsync());
        Assert.Equal(
            $"(ActivatedDate >= {today}T00:00:00Z) AND (Status = 'Activated') AND (Account.Name NOT IN ('Test Co', 'Internal Co'))",
            await page.Locator("#compiled-soql").TextContentAsync());
        Assert.True(await serve.Services.GetRequiredService<IWebConnection>().IsLiveSyncOnAsync(CancellationToken.None));
        await Screenshots.SaveAsync(page, "setup-3-preferences");

        // Live sync at work: an order activated in Salesforce reaches Success on the dashboard, and its page shows why.
        const string Draft = "Acme draft: analytics";
        var orderId = serve.Order(Draft);
        await serve.ActivateOrderAsync(Draft);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        var row = await DashboardOutcomes.WaitForSuccessAsync(page, orderId, TimeSpan.FromMinutes(3));

        await Screenshots.SaveAsync(page, "live-sync-dashboard");
        await row.First.Locator($"a[href='/orders/{orderId}']").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Stripe objects" }).WaitForAsync();
        Assert.Contains("sub_sched_", await page.Locator("body").TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "live-sync-order");
    }

    [Fact]
    public async Task Hostile_text_in_a_filter_value_shows_escaped_in_the_compiled_soql()
    {
        await EnsureAdminAsync();
        var page = await browser.NewPageAsync(serve.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        await page.GotoAsync("/setup/preferences");

        await page.GetByLabel("Field of filter 2").FillAsync("Name");
        await page.GetByLabel("Value of filter 2").FillAsync("' OR Name != '");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check filters" }).ClickAsync();

        Assert.Equal(@"(Status = 'Activated') AND (Name = '\' OR Name != \'')", await page.Locator("#compiled-soql").TextContentAsync());
        Assert.Equal(@"(Name = '\' OR Name != \'')", await page.Locator(".compiled-filter").Nth(1).TextContentAsync());
    }
}
