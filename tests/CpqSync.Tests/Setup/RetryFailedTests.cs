using System.Net;
using CpqSync.Core.Configuration;
using CpqSync.Storage;
using CpqSync.Tests.Support;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests.Setup;

/// <summary>The dashboard's "Retry all failed": refused orders come back after the configuration is fixed, with one click.</summary>
public sealed class RetryFailedTests
{
    [Fact]
    public async Task Retry_all_failed_after_fixing_the_settings_queues_the_refused_order_says_how_many_and_it_syncs()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var setup = site.Services.GetRequiredService<SetupConnection>();
        var monitor = site.Services.GetRequiredService<ISyncMonitor>();
        var working = await setup.LoadAsync(CancellationToken.None);
        var orderId = (await SandboxApi.OrdersAsync(site.Sandbox))["Stark: platform (valid initial order)"];

        // No currency settings on a multi-currency org: the order is refused.
        var failing = await setup.SaveAsync(
            working.Id, working.Version, working.Document with { Mappings = working.Document.Mappings with { Settings = new SyncSettings() } },
            CancellationToken.None);
        using var syncNow = await SetupSite.SubmitAsync(browser, $"orders/{orderId}", "SyncNow", []);
        var refused = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(working.Id, RecordId: orderId), CancellationToken.None);
        Assert.Equal((SyncStatus.Error, "DEFAULT_CURRENCY_MISSING"), (refused[0].Status, refused[0].ErrorCode));

        Assert.NotNull(await setup.SaveAsync(failing!.Id, failing.Version, working.Document, CancellationToken.None));
        using var retry = await SetupSite.SubmitAsync(browser, "/", "RetryFailed", []);

        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Contains("1 failed order is back in the queue.", await browser.GetStringAsync(retry.Headers.Location), StringComparison.Ordinal);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        IReadOnlyList<SyncOutcomeEntry> outcomes;
        while ((outcomes = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(working.Id, RecordId: orderId), CancellationToken.None))[0].Status
            != SyncStatus.Success)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The retried order did not sync; last: {outcomes[0].ErrorCode} {outcomes[0].Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Equal(SyncStatus.Resolved, outcomes[1].Status);
    }
}
