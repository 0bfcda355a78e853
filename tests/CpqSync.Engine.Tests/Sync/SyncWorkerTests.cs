using System.Net;
using System.Text;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>The worker over the queue: retries with backoff, parking with a visible error, one bad order never blocking the rest.</summary>
public sealed class SyncWorkerTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task An_order_stripe_keeps_failing_is_parked_with_a_visible_error_while_the_others_sync_and_retrying_it_later_resolves_it()
    {
        var outage = new StripeOutageForAccount();
        await using var org = await SyncOrg.StartAsync(
            configureWorker: o => o.MaxAttempts = 3,
            configureServices: services => services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => outage));
        var orders = await org.ActivatedOrdersAsync();
        var stark = orders[Stark];
        outage.AccountId = (await org.Client.RetrieveAsync("Order", stark, ["AccountId"], TestCancellation.Token))["AccountId"]!.GetValue<string>();
        string[] others = ["Umbrella: premium support", "Globex: analytics through the partner price book"];
        foreach (var orderId in others.Select(d => orders[d]).Prepend(stark))
        {
            await org.Store.EnqueueAsync(SyncWork.Order(org.Connection.Id, orderId, null, SyncTrigger.Live), TestCancellation.Token);
        }

        var parked = await Eventually.ValueAsync(async () =>
        {
            await org.Worker.RunOnceAsync(org.Connection, TestCancellation.Token);
            var items = await org.Storage.Monitor.GetParkedItemsAsync(org.Connection.Id, 10, TestCancellation.Token);
            return items.Count > 0 ? items : null;
        }, "the failing order to be parked");

        var item = Assert.Single(parked);
        Assert.Equal(stark, item.RecordId);
        Assert.Equal(3, item.Attempts);
        Assert.Equal("STRIPE_API_ERROR", item.ErrorCode);
        foreach (var description in others)
        {
            Assert.Equal(SyncRecordStatus.Success, Assert.Single(await org.SyncRecordsAsync(orders[description])).Text("Resolution_Status__c"));
        }

        var log = await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.Connection.Id, RecordId: stark), TestCancellation.Token);
        Assert.Equal(3, log.Count(o => o.Status == SyncStatus.Error && o.ErrorCode == "STRIPE_API_ERROR"));
        var errors = await org.SyncRecordsAsync(stark);
        Assert.NotEmpty(errors);
        Assert.All(errors, r => Assert.Equal(SyncRecordStatus.Error, r.Text("Resolution_Status__c")));

        outage.AccountId = null;
        Assert.Equal(1, await org.Store.RetryParkedAsync(org.Connection.Id, TestCancellation.Token));
        var pass = await org.Worker.RunOnceAsync(org.Connection, TestCancellation.Token);

        Assert.Equal(1, pass.Succeeded);
        var after = await org.SyncRecordsAsync(stark);
        Assert.Equal(SyncRecordStatus.Success, after[^1].Text("Resolution_Status__c"));
        Assert.DoesNotContain(after, r => r.Text("Resolution_Status__c") == SyncRecordStatus.Error);
    }

    [Fact]
    public async Task Work_the_worker_does_not_know_is_parked_at_once_without_blocking_other_orders()
    {
        await using var org = await SyncOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var stark = orders[Stark];
        await org.Store.EnqueueAsync(new NewWorkItem(org.Connection.Id, "delete", "Order", orders["Umbrella: premium support"]), TestCancellation.Token);
        await org.Store.EnqueueAsync(SyncWork.Order(org.Connection.Id, stark, null, SyncTrigger.Live), TestCancellation.Token);

        var pass = await org.Worker.RunOnceAsync(org.Connection, TestCancellation.Token);

        Assert.Equal(1, pass.Parked);
        Assert.Equal(1, pass.Succeeded);
        var parked = Assert.Single(await org.Storage.Monitor.GetParkedItemsAsync(org.Connection.Id, 10, TestCancellation.Token));
        Assert.Equal("UNSUPPORTED_WORK", parked.ErrorCode);
    }

    [Fact]
    public async Task A_manual_sync_runs_outside_the_queue_and_logs_its_outcome()
    {
        await using var org = await SyncOrg.StartAsync();
        var stark = (await org.ActivatedOrdersAsync())[Stark];

        var result = await org.Services.GetRequiredService<ManualSync>().SyncOrderAsync(org.Connection, stark, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.Succeeded, result.Status);
        var logged = Assert.Single(await org.Storage.Monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(org.Connection.Id, RecordId: stark), TestCancellation.Token));
        Assert.Equal(SyncStatus.Success, logged.Status);
        Assert.Equal(result.StripeIds, logged.StripeIds);
    }

    [Theory]
    [InlineData(0, 1, 10)]
    [InlineData(3, 20, 10)]
    public void Worker_options_out_of_range_fail_when_read(int maxAttempts, int baseDelaySeconds, int maxDelaySeconds)
    {
        using var services = new ServiceCollection().AddSyncWorker(o =>
        {
            o.MaxAttempts = maxAttempts;
            o.BaseRetryDelay = TimeSpan.FromSeconds(baseDelaySeconds);
            o.MaxRetryDelay = TimeSpan.FromSeconds(maxDelaySeconds);
        }).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SyncWorkerOptions>>().Value);
    }

    [Fact]
    public void Retry_delays_double_with_jitter_up_to_the_maximum()
    {
        var options = new SyncWorkerOptions { BaseRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(TimeSpan.FromSeconds(5), options.RetryDelay(1, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(20), options.RetryDelay(2, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(3, jitter: 0.5));
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryDelay(30, jitter: 1));
    }

    /// <summary>Stripe answers 500 to every write for one account's customer, as during an outage on Stripe's side.</summary>
    private sealed class StripeOutageForAccount : DelegatingHandler
    {
        public volatile string? AccountId;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (AccountId is { } account && request.Content is not null
                && (await request.Content.ReadAsStringAsync(cancellationToken)).Contains(account, StringComparison.Ordinal))
            {
                var response = new HttpResponseMessage(HttpStatusCode.InternalServerError)
                {
                    Content = new StringContent(
                        """{"error":{"type":"api_error","message":"An unknown error occurred."}}""", Encoding.UTF8, "application/json"),
                };
                response.Headers.Add("Request-Id", "req_outage");
                return response;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
