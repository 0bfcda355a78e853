using CpqSync.Engine.Backfill;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>A backfill stopped in the middle of its Stripe writes, then finished by a new engine on the same store.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    public async Task A_backfill_stopped_after_some_stripe_writes_is_finished_by_a_new_engine_without_duplicates(int writesBeforeStop)
    {
        using var stop = new CancellationTokenSource();
        await using var org = await SyncOrg.StartAsync(
            configureWorker: o =>
            {
                o.BackfillPageSize = 4;
                o.LeaseDuration = TimeSpan.FromSeconds(1); // a stopped engine's orders come back quickly
            },
            configureServices: services => services.AddHttpClient("CpqSync.Stripe")
                .AddHttpMessageHandler(() => new StopAfterStripeWrites(writesBeforeStop, stop)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => org.Backfill.RunAsync(org.Connection, since: null, progress: null, stop.Token));

        await using var restarted = org.NewEngine();
        var report = await restarted.GetRequiredService<BackfillRunner>()
            .RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token);

        output.WriteLine(report.ToString());
        Assert.True(report.Resumed);
        Assert.True(report.Queued < report.Total, report.ToString());
        var orders = await org.ActivatedOrdersAsync();
        foreach (var description in DemoSeed.Synced.Append(DemoSeed.SyncedAmendment))
        {
            var records = await org.SyncRecordsAsync(orders[description]);
            if (records.Count == 0)
            {
                var outcomes = await org.Storage.Monitor.GetRecentOutcomesAsync(new Storage.OutcomeQuery(org.Connection.Id, RecordId: orders[description]), TestCancellation.Token);
                Assert.Fail($"{description} has no Sync Record; its outcomes: " + string.Join(" | ", outcomes.Select(o => $"{o.Status} {o.ErrorCode} {o.Message}")));
            }

            Assert.Equal(SyncRecordStatus.Success, records[^1].Text("Resolution_Status__c"));
        }

        foreach (var description in DemoSeed.Synced)
        {
            Assert.False(string.IsNullOrEmpty(await org.StripeIdOfAsync("Order", orders[description])), description);
        }

        await org.AssertNoDuplicatesAsync("customers", "salesforce_account_id");
        await org.AssertNoDuplicatesAsync("products", "salesforce_product2_id");
        await org.AssertNoDuplicatesAsync("subscription_schedules", "salesforce_order_id");
    }

    /// <summary>Lets <c>writes</c> Stripe POSTs through, then stops the engine (the writes already sent still land).</summary>
    private sealed class StopAfterStripeWrites(int writes, CancellationTokenSource stop) : DelegatingHandler
    {
        private int _sent;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && Interlocked.Increment(ref _sent) == writes)
            {
                await stop.CancelAsync();
            }

            return response;
        }
    }
}
