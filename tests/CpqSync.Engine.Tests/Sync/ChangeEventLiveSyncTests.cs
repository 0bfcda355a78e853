using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CpqSync.Core.Salesforce;
using CpqSync.Engine.Changes;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce.PubSub;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// Live sync on Change Data Capture events: the sandbox org publishes every DML on its Pub/Sub API endpoint, and the
/// engine's change-event source subscribes to it as it would to Salesforce's. Tests wait on the source's hook (each
/// handled batch), never on a timer.
/// </summary>
public sealed class ChangeEventLiveSyncTests
{
    /// <summary>A keep-alive soon after subscribing tells the test the subscriptions are live.</summary>
    private static readonly PubSubOptions QuickKeepAlives = new() { KeepAliveInterval = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public async Task An_order_activated_through_the_rest_api_reaches_stripe_through_an_event()
    {
        await using var org = await SyncOrg.StartAsync(pubSub: QuickKeepAlives);
        await using var events = await EventRig.StartAsync(org, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var work = org.Worker.RunAsync(org.Connection, stop.Token);
        try
        {
            var template = (await org.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
            var orderId = await OrderBuilder.CopyAsync(org.Client, template, lines: 2, "Activated while change events run");

            var record = await Eventually.ValueAsync(
                async () => (await org.SyncRecordsAsync(orderId)).FirstOrDefault(r => r.Text("Resolution_Status__c") == SyncRecordStatus.Success),
                "the new order's Success Sync Record");

            Assert.StartsWith("sub_sched_", await org.StripeIdOfAsync("Order", orderId));
            Assert.Equal(await org.StripeIdOfAsync("Order", orderId), record.Text("Stripe_Object_ID__c"));
            // Queued by its events: the source was polled only once, at the start, before the order existed.
            Assert.True(events.Source.Status.OrdersQueued >= 1);
            Assert.Contains(events.Handled, b => b.Events.Any(e => e.Header.RecordIds.Contains(orderId)));
        }
        finally
        {
            await stop.CancelAsync();
            await work;
        }
    }

    [Fact]
    public async Task A_subscriber_killed_and_restarted_misses_nothing_and_handles_nothing_twice()
    {
        await using var org = await SyncOrg.StartAsync(pubSub: QuickKeepAlives);
        var template = (await org.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
        var first = await EventRig.StartAsync(org, TimeProvider.System);
        string before;
        try
        {
            before = await OrderBuilder.CopyAsync(org.Client, template, lines: 1, "Activated before the kill");
            // Every event of it handled (on every topic): the kill comes between two transactions.
            await first.WaitUntilIdleAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        var queuedBefore = await DrainAsync(org);
        var whileDown = await OrderBuilder.CopyAsync(org.Client, template, lines: 1, "Activated while the subscriber was down");

        await using var second = await EventRig.StartAsync(org, TimeProvider.System);
        await second.WaitUntilIdleAsync();
        var queuedAfter = await DrainAsync(org);

        Assert.Contains(before, queuedBefore);
        Assert.Equal([whileDown], queuedAfter);
        var firstIds = first.Handled.SelectMany(b => b.Events).Select(e => Convert.ToBase64String(e.ReplayId.Span)).ToList();
        var secondIds = second.Handled.SelectMany(b => b.Events).Select(e => Convert.ToBase64String(e.ReplayId.Span)).ToList();
        Assert.Empty(firstIds.Intersect(secondIds));
        Assert.Equal(firstIds.Count + secondIds.Count, firstIds.Concat(secondIds).Distinct().Count());
        // The restart resumed from the stored replay ids: no catch-up query, no reconciliation.
        Assert.Null(second.Source.Status.LastReconciliationAt);
    }

    [Fact]
    public async Task A_replay_id_past_the_retention_falls_back_to_a_catch_up_query()
    {
        await using var org = await SyncOrg.StartAsync(pubSub: QuickKeepAlives);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var lastRead = time.GetUtcNow() - TimeSpan.FromMinutes(10);
        foreach (var topic in ChangeEventOptions.Topics)
        {
            await org.Store.EnqueueEventsAsync([], new ReplayPosition(org.Connection.Id, topic, new byte[] { 0, 0, 0, 0, 0, 0, 0, 1 }, lastRead), TestCancellation.Token);
        }

        var template = (await org.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
        var missed = await OrderBuilder.CopyAsync(org.Client, template, lines: 1, "Activated while the subscriber was away for days");
        // Three days and more pass on the engine's clock: the stored replay ids are past the bus's retention.
        time.Advance(ChangeEventOptions.Retention + TimeSpan.FromHours(1));

        await using var events = await EventRig.StartAsync(org, time, waitUntilSubscribed: false);

        Assert.Contains(missed, events.FirstPoll.Queued.Select(c => c.OrderId));
        Assert.True(events.FirstPoll.ApiCalls >= 1);
        Assert.NotNull(events.Source.Status.LastCatchUpAt);
    }

    [Fact]
    public async Task Cpqsyncs_own_write_back_produces_no_sync_and_no_api_call()
    {
        await using var org = await SyncOrg.StartAsync(pubSub: QuickKeepAlives);
        await using var events = await EventRig.StartAsync(org, TimeProvider.System);
        await DrainAsync(org);
        var orderId = (await org.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
        var restBefore = org.Salesforce.ApiUsage;

        // What the write-back does after a sync: CpqSync's own user sets the Stripe id.
        await org.Client.UpdateAsync("Order", orderId, new JsonObject { [PackageFields.StripeId] = "sub_sched_echo" }, TestCancellation.Token);
        var echo = await events.WaitForAsync(e => e.Header.RecordIds.Contains(orderId) && e.Header.ChangedFields.Contains(PackageFields.StripeId));

        Assert.Equal(1, org.Salesforce.ApiUsage - restBefore); // the update itself, nothing after it
        Assert.Equal(1, events.Source.Status.EchoesDropped);
        Assert.Empty(await DrainAsync(org));
        var poll = await events.Source.PollAsync(TestCancellation.Token);
        Assert.Empty(poll.Queued);
        Assert.Equal(0, poll.ApiCalls);
        Assert.NotNull(echo.Header.CommitUser);
    }

    private static async Task<List<string>> DrainAsync(SyncOrg org)
    {
        var ids = new List<string>();
        while (true)
        {
            var leases = await org.Store.LeaseAsync(new LeaseRequest("test", 100, TimeSpan.FromMinutes(5), org.Connection.Id), TestCancellation.Token);
            if (leases.Count == 0)
            {
                return ids;
            }

            foreach (var lease in leases)
            {
                ids.Add(lease.RecordId);
                await org.Store.CompleteAsync(lease, null, TestCancellation.Token);
            }
        }
    }

    /// <summary>A change-event source over the org's Pub/Sub endpoint, started by its first poll, with every handled batch recorded.</summary>
    private sealed class EventRig : IAsyncDisposable
    {
        private readonly ConcurrentQueue<ChangeEventBatch> _handled = new();
        private readonly List<(Func<ChangeEvent, bool> Match, TaskCompletionSource<ChangeEvent> Found)> _waiters = [];
        private readonly List<(HashSet<string> Topics, TaskCompletionSource Idle)> _idleWaiters = [];
        private readonly PubSubClient _client;

        private EventRig(PubSubClient client) => _client = client;

        public ChangeEventSource Source { get; private set; } = null!;

        public ChangePoll FirstPoll { get; private set; } = null!;

        public IReadOnlyCollection<ChangeEventBatch> Handled => _handled;

        public static async Task<EventRig> StartAsync(SyncOrg org, TimeProvider time, bool waitUntilSubscribed = true)
        {
            var credentials = new SalesforcePubSubCredentials(org.Client);
            var client = new PubSubClient(new PubSubClientOptions { Endpoint = org.Salesforce.PubSubEndpoint }, credentials, time);
            var rig = new EventRig(client);
            var factory = new ChangeSourceFactory(org.Client, org.Store, Options.Create(new ChangePollingOptions()), time, pubSub: client, pubSubCredentials: credentials);
            var source = await factory.CreateAsync(
                org.Connection.Id, org.Connection.Preferences, LiveSyncMode.ChangeEvents, new ChangeEventOptions { BatchHandled = rig.Record },
                TestCancellation.Token);
            rig.Source = Assert.IsType<ChangeEventSource>(source);
            rig.FirstPoll = await rig.Source.PollAsync(TestCancellation.Token);
            if (waitUntilSubscribed)
            {
                await rig.Source.Subscribed.WaitAsync(TestCancellation.Token);
            }

            return rig;
        }

        /// <summary>The first handled event that matches, whether it came before or after the call.</summary>
        public Task<ChangeEvent> WaitForAsync(Func<ChangeEvent, bool> match)
        {
            var found = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                if (_handled.SelectMany(b => b.Events).FirstOrDefault(match) is { } seen)
                {
                    return Task.FromResult(seen);
                }

                _waiters.Add((match, found));
            }

            return found.Task.WaitAsync(TestCancellation.Token);
        }

        /// <summary>
        /// Completes once every topic has sent a keep-alive after the call: the server sends one only when it has no
        /// event left for that subscriber, and the source handles a topic's batches in order, so all is handled.
        /// </summary>
        public Task WaitUntilIdleAsync()
        {
            var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiters)
            {
                _idleWaiters.Add((new HashSet<string>(ChangeEventOptions.Topics, StringComparer.Ordinal), idle));
            }

            return idle.Task.WaitAsync(TestCancellation.Token);
        }

        private void Record(ChangeEventBatch batch)
        {
            lock (_waiters)
            {
                _handled.Enqueue(batch);
                foreach (var (topics, idle) in _idleWaiters)
                {
                    if (batch.IsKeepAlive && topics.Remove(batch.Topic) && topics.Count == 0)
                    {
                        idle.TrySetResult();
                    }
                }

                foreach (var (match, found) in _waiters)
                {
                    if (batch.Events.FirstOrDefault(match) is { } hit)
                    {
                        found.TrySetResult(hit);
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Source.DisposeAsync();
            _client.Dispose();
        }
    }
}
