using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// Failed orders come back after a configuration change: "Retry all failed" queues every order whose last sync failed,
/// and live sync does it once after each change of the connection, without a click per order or a restart.
/// </summary>
public sealed class FailedOrderRetryTests
{
    private static readonly string[] Orders = ["Stark: platform (valid initial order)", "Umbrella: premium support"];

    [Fact]
    public async Task A_configuration_change_brings_refused_orders_back_and_they_sync_with_the_new_configuration()
    {
        await using var org = await SyncOrg.StartAsync();
        var retry = org.Services.GetRequiredService<FailedOrderRetry>();
        var documents = new ConnectionDocumentStore(org.Store);

        // A multi-currency org with no currency settings (the defaults): every order is refused with DEFAULT_CURRENCY_MISSING.
        var failing = org.Connection with { Configuration = SyncConfiguration.Default };
        var ids = await FailAsync(org, failing);
        var stored = (await documents.LoadAsync(org.Connection.Id, TestCancellation.Token))!;
        Assert.Equal(Orders.Length, await retry.RetryAfterChangeAsync(stored.Connection, TestCancellation.Token));
        var again = await org.Worker.RunOnceAsync(failing, TestCancellation.Token);
        Assert.Equal(Orders.Length, again.Failed);

        // Once per change: the same connection version queues nothing more, and the orders stay failed.
        Assert.Equal(0, await retry.RetryAfterChangeAsync(stored.Connection, TestCancellation.Token));
        Assert.Equal(ids.Order(), (await org.Store.GetFailedRecordsAsync(org.Connection.Id, "Order", TestCancellation.Token)).Order());

        // The fix: the wizard (or config import) saves the settings, and the connection's version moves.
        var fixedDocument = stored.Document with { Mappings = DemoOrg.Configuration };
        var saved = (await documents.SaveAsync(stored.Id, fixedDocument, stored.Version, TestCancellation.Token))!;
        Assert.Equal(Orders.Length, await retry.RetryAfterChangeAsync(saved.Connection, TestCancellation.Token));
        var pass = await org.Worker.RunOnceAsync(saved.Document.ToEngineConnection(saved.Id, stripeTestMode: true), TestCancellation.Token);

        Assert.Equal(Orders.Length, pass.Succeeded);
        Assert.Empty(await org.Store.GetFailedRecordsAsync(org.Connection.Id, "Order", TestCancellation.Token));
        foreach (var id in ids)
        {
            Assert.StartsWith("sub_sched_", await org.StripeIdOfAsync("Order", id), StringComparison.Ordinal);
            var log = await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.Connection.Id, RecordId: id), TestCancellation.Token);
            Assert.Equal(SyncStatus.Success, log[0].Status);
            Assert.All(log.Skip(1), o => Assert.Equal(SyncStatus.Resolved, o.Status));
        }
    }

    [Fact]
    public async Task Retry_all_failed_queues_refused_and_parked_orders_and_runs_them_even_when_nothing_changed()
    {
        await using var org = await SyncOrg.StartAsync();
        var retry = org.Services.GetRequiredService<FailedOrderRetry>();
        var failing = org.Connection with { Configuration = SyncConfiguration.Default };
        var ids = await FailAsync(org, failing);

        // Change detection finding an unchanged refused order ends it Unchanged: nothing is planned again.
        await org.Store.EnqueueAsync(SyncWork.Order(org.Connection.Id, ids[0], null, SyncTrigger.Live), TestCancellation.Token);
        var echo = await org.Worker.RunOnceAsync(failing, TestCancellation.Token);
        Assert.Equal(1, echo.Unchanged);
        Assert.Equal(
            ids.Order(),
            (await org.Store.GetFailedRecordsAsync(org.Connection.Id, "Order", TestCancellation.Token)).Order());

        // A parked order counts too.
        var parked = (await org.ActivatedOrdersAsync())["Globex: analytics through the partner price book"];
        await org.Store.EnqueueAsync(new NewWorkItem(org.Connection.Id, "delete", "Order", parked), TestCancellation.Token);
        Assert.Equal(1, (await org.Worker.RunOnceAsync(failing, TestCancellation.Token)).Parked);

        Assert.Equal(Orders.Length + 1, await retry.RetryAsync(org.Connection.Id, TestCancellation.Token));
        Assert.Equal(0, await retry.RetryAsync(org.Connection.Id, TestCancellation.Token));
        var pass = await org.Worker.RunOnceAsync(failing, TestCancellation.Token);

        // The refused orders were planned again (a retry is never "unchanged"), and refused again.
        Assert.Equal(Orders.Length, pass.Failed);
        Assert.Equal(1, pass.Parked);
        foreach (var id in ids)
        {
            var log = await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.Connection.Id, RecordId: id), TestCancellation.Token);
            Assert.Equal(2, log.Count(o => o is { Status: SyncStatus.Error, ErrorCode: "DEFAULT_CURRENCY_MISSING" }));
        }
    }

    /// <summary>Syncs the test's orders under <paramref name="failing"/>: each ends with an Error outcome.</summary>
    private static async Task<string[]> FailAsync(SyncOrg org, EngineConnection failing)
    {
        var activated = await org.ActivatedOrdersAsync();
        var ids = Orders.Select(d => activated[d]).ToArray();
        foreach (var id in ids)
        {
            await org.Store.EnqueueAsync(SyncWork.Order(org.Connection.Id, id, null, SyncTrigger.Live), TestCancellation.Token);
        }

        var pass = await org.Worker.RunOnceAsync(failing, TestCancellation.Token);
        Assert.Equal(ids.Length, pass.Failed);
        Assert.Equal(ids.Order(), (await org.Store.GetFailedRecordsAsync(org.Connection.Id, "Order", TestCancellation.Token)).Order());
        return ids;
    }
}
