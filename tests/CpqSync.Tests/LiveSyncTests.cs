using CpqSync.Core.Configuration;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using CpqSync.Tests.Support;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests;

/// <summary>End to end: <c>serve --sandbox</c> notices an order activated in Salesforce and syncs it to Stripe.</summary>
public sealed class LiveSyncTests : IDisposable
{
    private const string AcmeDraft = "Acme draft: analytics";

    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-live-");

    [Fact]
    public async Task An_order_activated_in_salesforce_is_synced_by_live_sync()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        var orderId = (await SandboxApi.OrdersAsync(serve.Sandbox!))[AcmeDraft];
        var monitor = serve.Services.GetRequiredService<ISyncMonitor>();

        await SandboxApi.ActivateOrderAsync(serve.Sandbox!, orderId);

        var outcome = await WaitForOutcomeAsync(monitor, serve.Connection.Id, orderId, TimeSpan.FromMinutes(3));
        Assert.True(outcome.Status == SyncStatus.Success, $"{outcome.Status}: {outcome.ErrorCode} {outcome.Message}");
        Assert.Contains(outcome.StripeIds, id => id.StartsWith("sub_sched_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fixing_a_failing_configuration_in_the_wizard_syncs_the_failed_orders_without_a_restart_or_a_click()
    {
        // The org is detected (multi-currency, USD corporate: the wizard's "Refresh" on the Org page), then the admin clears
        // the currency settings and turns live sync on from 2000: every order is refused with DEFAULT_CURRENCY_MISSING.
        const string off = """{ "preferences": { "live_sync": false, "start_date": "2000-01-01", "polling_interval": "00:00:01" } }""";
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory, off);
        var orderId = (await SandboxApi.OrdersAsync(serve.Sandbox!))["Stark: platform (valid initial order)"];
        var monitor = serve.Services.GetRequiredService<ISyncMonitor>();
        var setup = serve.Services.GetRequiredService<SetupConnection>();
        var detected = await serve.Services.GetRequiredService<OrgFactsRefresh>().RunAsync(CancellationToken.None);
        Assert.Null(detected.Problem);
        Assert.NotNull(detected.Stored);
        var failing = detected.Stored.Document with
        {
            Mappings = detected.Stored.Document.Mappings with { Settings = new SyncSettings() },
            LiveSync = true,
        };
        var saved = await setup.SaveAsync(detected.Stored.Id, detected.Stored.Version, failing, CancellationToken.None);
        Assert.NotNull(saved);
        var refused = await WaitForOutcomeAsync(monitor, serve.Connection.Id, orderId, TimeSpan.FromMinutes(3));
        Assert.Equal((SyncStatus.Error, "DEFAULT_CURRENCY_MISSING"), (refused.Status, refused.ErrorCode));

        // The fix, saved as the wizard saves it.
        var stored = await setup.LoadAsync(CancellationToken.None);
        var settings = stored.Document.Mappings.Settings with { MultiCurrencyEnabled = true, DefaultCurrency = "USD" };
        var fixedDocument = stored.Document with { Mappings = stored.Document.Mappings with { Settings = settings } };
        Assert.NotNull(await setup.SaveAsync(stored.Id, stored.Version, fixedDocument, CancellationToken.None));

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        IReadOnlyList<SyncOutcomeEntry> outcomes;
        while ((outcomes = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(serve.Connection.Id, RecordId: orderId), CancellationToken.None))[0].Status
            != SyncStatus.Success)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The failed order did not sync after the fix; last: {outcomes[0].ErrorCode} {outcomes[0].Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Contains(outcomes[0].StripeIds, id => id.StartsWith("sub_sched_", StringComparison.Ordinal));
        Assert.All(outcomes.Skip(1), o => Assert.Equal(SyncStatus.Resolved, o.Status));
    }

    [Fact]
    public async Task A_first_start_refuses_each_invalid_demo_order_once_and_queues_none_again()
    {
        // A fresh store: the org is detected at the first tick (a save of the connection), then the demo's invalid orders
        // are refused. Their refusals came after that change, so later ticks must not queue them again.
        const string fast = """{ "preferences": { "live_sync": true, "start_date": "2000-01-01", "polling_interval": "00:00:01" } }""";
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory, fast);
        var monitor = serve.Services.GetRequiredService<ISyncMonitor>();
        var status = serve.Services.GetRequiredService<LiveSyncStatus>();
        var connectionId = serve.Connection.Id;
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        IReadOnlyList<SyncOutcomeEntry> errors;
        while ((errors = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(connectionId, Status: SyncStatus.Error, Limit: 500), CancellationToken.None))
            .Count == 0 || await monitor.GetQueueSummaryAsync(connectionId, CancellationToken.None) is not { Pending: 0, Leased: 0 })
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The demo orders were not synced within 3 minutes.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        // Three more ticks of live sync, each of which would queue the failed orders again after a change.
        for (var ticks = 0; ticks < 3; ticks++)
        {
            var last = status.LastPoll?.At;
            while (status.LastPoll?.At == last)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "Live sync stopped ticking.");
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        while (await monitor.GetQueueSummaryAsync(connectionId, CancellationToken.None) is not { Pending: 0, Leased: 0 })
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The queue did not empty.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        errors = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(connectionId, Status: SyncStatus.Error, Limit: 500), CancellationToken.None);
        Assert.Equal(7, errors.Count);
        Assert.Equal(7, errors.Select(static e => e.RecordId).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>The first outcome logged for the order (the worker runs in the background).</summary>
    private static async Task<SyncOutcomeEntry> WaitForOutcomeAsync(ISyncMonitor monitor, Guid connectionId, string orderId, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var outcomes = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(ConnectionId: connectionId, RecordId: orderId), CancellationToken.None);
            if (outcomes.Count > 0)
            {
                return outcomes[^1];
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var queue = await monitor.GetQueueSummaryAsync(connectionId, CancellationToken.None);
                throw new TimeoutException($"Order {orderId} was not synced within {within}; queue: {queue}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    public void Dispose()
    {
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system's temp folder.
        }
    }
}
