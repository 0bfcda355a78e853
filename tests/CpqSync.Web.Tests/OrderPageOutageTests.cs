using CpqSync.Web.Tests.Support;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>The order page of a metered order: its meter named as one, and its header kept while Stripe is down.</summary>
public sealed class OrderPageOutageTests(NoRetryWebAppHost host, Browser browser) : IClassFixture<NoRetryWebAppHost>, IClassFixture<Browser>
{
    private const string MeteredOrder = "Acme: platform, onboarding and API usage";

    [Fact]
    public async Task A_meter_shows_as_a_meter_and_the_header_stays_when_Stripe_is_down()
    {
        await host.EnsureAdminAsync();
        var page = await browser.NewPageAsync(host.BaseUrl);
        await SignIn.AsAsync(page, SignIn.AdminName, SignIn.AdminPassword);
        await page.GotoAsync("/orders/" + host.Order(MeteredOrder));
        var number = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())?.Trim();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Synced: Stripe is up to date with this order.");

        var meter = page.Locator(".stripe-objects li", new() { HasText = "mtr_" });
        await Assertions.Expect(meter).ToHaveCountAsync(1);
        Assert.StartsWith("Meter mtr_", (await meter.TextContentAsync())?.Trim(), StringComparison.Ordinal);
        Assert.StartsWith(
            "https://dashboard.stripe.com/test/billing/meters/mtr_", await meter.Locator("a").GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.Empty(await page.Locator(".stripe-objects li", new() { HasText = "Coupon mtr_" }).AllAsync());

        await host.Sandbox.Stripe.DisposeAsync();
        await page.ReloadAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Stripe could not be reached");
        Assert.Equal(number, (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())?.Trim());
        Assert.NotEqual("Order " + host.Order(MeteredOrder), number);
        await Assertions.Expect(page.Locator("#order-account")).ToHaveTextAsync("Acme Corporation");
        await Assertions.Expect(page.Locator("#order-status")).ToHaveTextAsync("Activated");
        await Screenshots.SaveAsync(page, "order-stripe-down");
    }
}
