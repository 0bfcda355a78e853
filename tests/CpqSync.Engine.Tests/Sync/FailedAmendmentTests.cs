using System.Net;
using System.Text;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>An amendment whose schedule change Stripe refused is not marked applied, so syncing it again applies it.</summary>
public sealed class FailedAmendmentTests
{
    [Fact]
    public async Task An_amendment_whose_schedule_change_failed_keeps_no_stripe_id_and_applies_on_the_next_sync()
    {
        var refuse = new Refusals();
        await using var org = await SyncOrg.StartAsync(
            configureServices: services => services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => new RefuseScheduleChanges(refuse)));
        var orders = await org.ActivatedOrdersAsync();
        var initial = await org.Syncer.SyncAsync(org.Connection, orders["Umbrella: premium support"], SyncTrigger.Manual, TestCancellation.Token);
        Assert.True(initial.Succeeded, initial.Message);
        var amendment = orders[DemoSeed.SyncedAmendment];

        refuse.On = true;
        var failed = await org.Syncer.SyncAsync(org.Connection, amendment, SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.StripeFailed, failed.Status);
        Assert.True(refuse.Refused > 0);
        Assert.Null(await org.StripeIdOfAsync("Order", amendment));

        refuse.On = false;
        var again = await org.Syncer.SyncAsync(org.Connection, amendment, SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.Succeeded, again.Status);
        Assert.True(again.StripeCalls > 0);
        Assert.Equal(await org.StripeIdOfAsync("Order", orders["Umbrella: premium support"]), await org.StripeIdOfAsync("Order", amendment));
    }

    private sealed class Refusals
    {
        private int _refused;
        private volatile bool _on;

        public bool On
        {
            get => _on;
            set => _on = value;
        }

        public int Refused => Volatile.Read(ref _refused);

        public void Count() => Interlocked.Increment(ref _refused);
    }

    /// <summary>While on, Stripe refuses every change to an existing subscription schedule (an update or a cancel).</summary>
    private sealed class RefuseScheduleChanges(Refusals refusals) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!refusals.On || request.Method != HttpMethod.Post
                || request.RequestUri?.AbsolutePath.StartsWith("/v1/subscription_schedules/", StringComparison.Ordinal) != true)
            {
                return base.SendAsync(request, cancellationToken);
            }

            refusals.Count();
            const string body = """{"error":{"type":"invalid_request_error","message":"Refused by the test.","param":"phases"}}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }
}
