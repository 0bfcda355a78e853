using Microsoft.Playwright;

namespace CpqSync.Web.Tests.Support;

/// <summary>The dashboard's recent outcomes, as a person watching it sees them.</summary>
public static class DashboardOutcomes
{
    /// <summary>Reloads the dashboard until the order's row shows Success (the engine works in the background); returns the row.</summary>
    public static async Task<ILocator> WaitForSuccessAsync(IPage page, string orderId, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(page);
        var row = page.Locator("table.outcomes tr").Filter(new() { Has = page.Locator($"a[href='/orders/{orderId}']") })
            .Filter(new() { Has = page.Locator("span.status.success") });
        var deadline = DateTimeOffset.UtcNow + within;
        while (await row.CountAsync() == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The activated order {orderId} did not reach Success on the dashboard.");
            await Task.Delay(1000);
            await page.ReloadAsync();
        }

        return row;
    }
}
