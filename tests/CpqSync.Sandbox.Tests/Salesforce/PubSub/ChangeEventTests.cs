using System.Text.Json.Nodes;
using Avro.Generic;
using CpqSync.Salesforce.PubSub.Protocol;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.PubSub;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static CpqSync.Sandbox.Tests.Salesforce.PubSub.PubSubTestClient;

namespace CpqSync.Sandbox.Tests.Salesforce.PubSub;

public class ChangeEventTests
{
    private const string OrderTopic = "/data/OrderChangeEvent";

    [Fact]
    public async Task An_order_updated_over_REST_publishes_an_UPDATE_event_with_its_changed_fields_and_the_API_user()
    {
        await using var client = await PubSubTestClient.StartAsync();
        var orderId = FirstOrder(client);

        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["PoNumber"] = "PO-1" });
        var (status, _) = await client.Sandbox.JsonAsync(
            HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "Rush delivery", ["PoNumber"] = null });
        Assert.Equal(204, status);

        using var call = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 10);
        var events = await ReadEventsAsync(call.ResponseStream, 2);
        var change = await client.DecodeAsync(events[1]);
        var header = Header(change);
        var schema = await client.SchemaAsync(events[1].Event.SchemaId);

        Assert.Equal("Order", header["entityName"]);
        Assert.Equal(["UPDATE"], [((GenericEnum)header["changeType"]).Value]);
        Assert.Equal([orderId], Strings(header, "recordIds"));
        Assert.Equal(client.Sandbox.Server.Org.Info.ApiUser.Id, header["commitUser"]);
        Assert.Equal("com/salesforce/api/rest/60.0", header["changeOrigin"]);
        Assert.Equal(1, header["sequenceNumber"]);
        Assert.Equal(
            ["Description", "LastModifiedDate", "PoNumber"],
            FieldNames(schema, Strings(header, "changedFields")).Order(StringComparer.Ordinal));
        Assert.Equal(["PoNumber"], FieldNames(schema, Strings(header, "nulledFields")));
        Assert.Equal("Rush delivery", change["Description"]);
        Assert.Null(change["Status"]); // Unchanged fields are null in an update event.
    }

    [Fact]
    public async Task Topics_and_schemas_are_described_by_GetTopic_and_GetSchema()
    {
        await using var client = await PubSubTestClient.StartAsync();

        var topic = await client.Client.GetTopicAsync(new TopicRequest { TopicName = OrderTopic }, client.Headers());
        var schema = await client.Client.GetSchemaAsync(new SchemaRequest { SchemaId = topic.SchemaId }, client.Headers());
        var quote = await client.Client.GetTopicAsync(new TopicRequest { TopicName = "/data/SBQQ__Quote__ChangeEvent" }, client.Headers());
        var again = await client.Client.GetTopicAsync(new TopicRequest { TopicName = OrderTopic }, client.Headers());

        Assert.True(topic.CanSubscribe);
        Assert.False(topic.CanPublish);
        Assert.Equal(client.Sandbox.Server.Org.Info.OrganizationId, topic.TenantGuid);
        Assert.Equal(topic.SchemaId, again.SchemaId);
        Assert.NotEqual(topic.SchemaId, quote.SchemaId);
        var record = (Avro.RecordSchema)Avro.Schema.Parse(schema.SchemaJson);
        Assert.Equal("com.sforce.eventbus.OrderChangeEvent", record.Fullname);
        Assert.Equal("ChangeEventHeader", record.Fields[0].Name);
        Assert.Contains(record.Fields, f => f.Name == "BillingAddress");
        Assert.DoesNotContain(record.Fields, f => f.Name is "BillingCity" or "Id" or "SystemModstamp");
    }

    [Fact]
    public async Task A_subscription_from_a_CUSTOM_replay_id_resumes_after_it()
    {
        await using var client = await PubSubTestClient.StartAsync();
        var orderId = FirstOrder(client);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = text });
        }

        using var all = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 3);
        var events = await ReadEventsAsync(all.ResponseStream, 3);
        using var resumed = await client.SubscribeAsync(OrderTopic, ReplayPreset.Custom, 10, events[0].ReplayId.ToByteArray());
        var rest = await ReadEventsAsync(resumed.ResponseStream, 2);

        Assert.Equal([events[1].ReplayId, events[2].ReplayId], rest.Select(e => e.ReplayId));
        Assert.Equal("three", (await client.DecodeAsync(rest[1]))["Description"]);
        Assert.True(
            Convert.ToUInt64(Convert.ToHexString(events[0].ReplayId.ToByteArray()), 16)
            < Convert.ToUInt64(Convert.ToHexString(events[1].ReplayId.ToByteArray()), 16));
    }

    [Fact]
    public async Task A_subscriber_gets_no_more_events_than_it_requested()
    {
        await using var client = await PubSubTestClient.StartAsync();
        var orderId = FirstOrder(client);
        for (var i = 0; i < 5; i++)
        {
            await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = $"v{i}" });
        }

        using var call = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 2);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var first = call.ResponseStream.Current;
        Assert.Equal(2, first.Events.Count);
        Assert.Equal(0, first.PendingNumRequested);
        Assert.Equal(first.Events[1].ReplayId, first.LatestReplayId);

        await call.RequestStream.WriteAsync(new FetchRequest { TopicName = OrderTopic, NumRequested = 2 });
        var next = await ReadEventsAsync(call.ResponseStream, 2);
        await call.RequestStream.WriteAsync(new FetchRequest { NumRequested = 5 });
        var last = await ReadEventsAsync(call.ResponseStream, 1);
        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "later" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(["v2", "v3"], await Descriptions(client, next));
        Assert.Equal(["v4"], await Descriptions(client, last));
        Assert.Equal(["later"], await Descriptions(client, call.ResponseStream.Current.Events));
        Assert.Equal(3, call.ResponseStream.Current.PendingNumRequested);
    }

    [Fact]
    public async Task Several_subscribers_each_get_every_event_and_cancelling_one_ends_its_stream_cleanly()
    {
        await using var client = await PubSubTestClient.StartAsync();
        var orderId = FirstOrder(client);
        using var cancel = new CancellationTokenSource();
        using var first = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 10, cancellationToken: cancel.Token);
        using var second = await client.SubscribeAsync("/data/ChangeEvents", ReplayPreset.Earliest, 10);

        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "both" });
        var one = await ReadEventsAsync(first.ResponseStream, 1);
        var two = await ReadEventsAsync(second.ResponseStream, 1);
        await cancel.CancelAsync();
        var ended = await Assert.ThrowsAsync<RpcException>(() => first.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(one[0].ReplayId, two[0].ReplayId);
        Assert.Equal(StatusCode.Cancelled, ended.StatusCode);
    }

    [Fact]
    public async Task A_silent_subscription_gets_a_keep_alive_with_the_latest_replay_id_after_the_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var client = await PubSubTestClient.StartAsync(
            new SalesforceSandboxOptions { Org = new() { Seed = "demo" }, PubSub = new PubSubOptions { KeepAliveInterval = TimeSpan.FromMinutes(1) } },
            time);
        var orderId = FirstOrder(client);
        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "x" });
        using var call = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 5);
        var events = await ReadEventsAsync(call.ResponseStream, 1);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var keepAlive = call.ResponseStream.Current;
        Assert.Empty(keepAlive.Events);
        Assert.Equal(events[0].ReplayId, keepAlive.LatestReplayId);
        Assert.Equal(4, keepAlive.PendingNumRequested);
    }

    [Fact]
    public async Task A_replay_id_past_the_72_hour_retention_is_refused_as_corrupted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var client = await PubSubTestClient.StartAsync(time: time);
        var orderId = FirstOrder(client);
        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "old" });
        using (var call = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 1))
        {
            var old = (await ReadEventsAsync(call.ResponseStream, 1))[0].ReplayId.ToByteArray();
            time.Advance(TimeSpan.FromHours(72) + TimeSpan.FromSeconds(1));
            await client.ReloginAsync();

            using var late = await client.SubscribeAsync(OrderTopic, ReplayPreset.Custom, 1, old);
            var refused = await Assert.ThrowsAsync<RpcException>(() => late.ResponseStream.MoveNext(CancellationToken.None));

            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
            Assert.Equal(PubSubErrors.ReplayIdCorruptedCode, refused.Trailers.GetValue("error-code"));
            Assert.Contains("rpcId: ", refused.Status.Detail, StringComparison.Ordinal);
        }

        using var earliest = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 1);
        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "new" });
        Assert.Equal(["new"], await Descriptions(client, await ReadEventsAsync(earliest.ResponseStream, 1)));
    }

    [Fact]
    public async Task Calls_without_a_valid_session_are_UNAUTHENTICATED_and_unknown_topics_NOT_FOUND()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var client = await PubSubTestClient.StartAsync(time: time);

        var wrong = await Assert.ThrowsAsync<RpcException>(() =>
            client.Client.GetTopicAsync(new TopicRequest { TopicName = OrderTopic }, client.Headers("00Dxx!nope")).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            client.Client.GetTopicAsync(new TopicRequest { TopicName = "/data/LeadChangeEvent" }, client.Headers()).ResponseAsync);
        time.Advance(TimeSpan.FromHours(3));
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var expired = await client.SubscribeAsync(OrderTopic, ReplayPreset.Latest, 1);
            await expired.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(PubSubErrors.AuthErrorCode, wrong.Trailers.GetValue("error-code"));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("/data/LeadChangeEvent", unknown.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pub_Sub_calls_are_counted_apart_from_the_REST_allowance()
    {
        await using var client = await PubSubTestClient.StartAsync();
        var restBefore = client.Sandbox.Server.ApiUsage;
        var orderId = FirstOrder(client);
        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "x" });

        await client.Client.GetTopicAsync(new TopicRequest { TopicName = OrderTopic }, client.Headers());
        using var call = await client.SubscribeAsync(OrderTopic, ReplayPreset.Earliest, 1);
        await ReadEventsAsync(call.ResponseStream, 1);

        Assert.Equal(restBefore + 1, client.Sandbox.Server.ApiUsage);
        Assert.Equal(2, client.Sandbox.Server.PubSubUsage.Calls);
        Assert.Equal(1, client.Sandbox.Server.PubSubUsage.EventsDelivered);
    }

    private static string FirstOrder(PubSubTestClient client) => client.Sandbox.Server.Org.Records("Order", includeDeleted: false).First().Id;

    private static async Task<List<string>> Descriptions(PubSubTestClient client, IEnumerable<ConsumerEvent> events)
    {
        var result = new List<string>();
        foreach (var e in events)
        {
            result.Add((string)(await client.DecodeAsync(e))["Description"]);
        }

        return result;
    }
}
