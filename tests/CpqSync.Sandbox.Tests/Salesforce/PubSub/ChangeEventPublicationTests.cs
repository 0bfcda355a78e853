using System.Text.Json.Nodes;
using Avro.Generic;
using CpqSync.Salesforce.PubSub.Protocol;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.Data;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;
using static CpqSync.Sandbox.Tests.Salesforce.PubSub.PubSubTestClient;

namespace CpqSync.Sandbox.Tests.Salesforce.PubSub;

/// <summary>Which DML publishes which change events: collections, the CPQ automation, bulk changes.</summary>
public class ChangeEventPublicationTests
{
    [Fact]
    public async Task Deleting_records_in_one_collection_call_publishes_one_DELETE_event_listing_them_all()
    {
        await using var client = await PubSubTestClient.StartAsync(new SalesforceSandboxOptions { Org = new() { Seed = "empty" } });
        var ids = new List<string>();
        foreach (var name in new[] { "A", "B" })
        {
            ids.Add(await client.Sandbox.CreateAccountAsync(name));
        }

        var (status, _) = await client.Sandbox.JsonAsync(HttpMethod.Delete, $"composite/sobjects?ids={string.Join(',', ids)}");
        Assert.Equal(200, status);

        using var call = await client.SubscribeAsync("/data/AccountChangeEvent", ReplayPreset.Earliest, 10);
        var events = await ReadEventsAsync(call.ResponseStream, 3);
        var creates = await Task.WhenAll(events.Take(2).Select(client.DecodeAsync));
        var delete = Header(await client.DecodeAsync(events[2]));

        Assert.All(creates, c => Assert.Equal("CREATE", ((GenericEnum)Header(c)["changeType"]).Value));
        Assert.Equal("A", creates[0]["Name"]);
        Assert.Empty(Strings(Header(creates[0]), "changedFields"));
        Assert.Equal("DELETE", ((GenericEnum)delete["changeType"]).Value);
        Assert.Equal(ids, Strings(delete, "recordIds"));
    }

    [Fact]
    public async Task Ordering_a_quote_publishes_the_quote_update_and_the_generated_order_and_lines_in_one_transaction()
    {
        await using var client = await PubSubTestClient.StartAsync(new SalesforceSandboxOptions { Org = new() { Seed = "empty" } });
        var org = client.Sandbox.Server.Org;
        var (product, entry) = Product(org, price: 100m);
        var quote = org.Create("SBQQ__Quote__c", Json($$"""
            {"SBQQ__Account__c":"{{Account(org)}}","SBQQ__StartDate__c":"2026-04-01","SBQQ__SubscriptionTerm__c":12,
             "SBQQ__PricebookId__c":"{{org.Info.StandardPricebookId}}"}
            """));
        org.Create("SBQQ__QuoteLine__c", Json($$"""
            {"SBQQ__Quote__c":"{{quote}}","SBQQ__Product__c":"{{product}}","SBQQ__PricebookEntryId__c":"{{entry}}","SBQQ__Quantity__c":3,
             "SBQQ__ListPrice__c":100,"SBQQ__NetPrice__c":1200,"SBQQ__BillingFrequency__c":"Monthly","SBQQ__ChargeType__c":"Recurring",
             "SBQQ__SubscriptionPricing__c":"Fixed Price"}
            """));
        var before = ChangeEventBus.Encode(client.Sandbox.Server.LatestReplayId);

        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/SBQQ__Quote__c/{quote}", new JsonObject { ["SBQQ__Ordered__c"] = true });

        var order = Assert.Single(org.Children("Order", "SBQQ__Quote__c", quote, includeDeleted: false));
        using var call = await client.SubscribeAsync("/data/ChangeEvents", ReplayPreset.Custom, 100, before);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var headers = new List<GenericRecord>();
        foreach (var e in call.ResponseStream.Current.Events)
        {
            headers.Add(Header(await client.DecodeAsync(e)));
        }

        var entities = headers.Select(h => (string)h["entityName"]).ToList();
        Assert.Equal("SBQQ__Quote__c", entities[0]);
        Assert.Contains("Order", entities);
        Assert.Contains("OrderItem", entities);
        Assert.Single(headers.Select(h => (string)h["transactionKey"]).Distinct());
        Assert.Equal(Enumerable.Range(1, headers.Count), headers.Select(h => (int)h["sequenceNumber"]));
        Assert.All(headers, h => Assert.Equal(org.Info.ApiUser.Id, h["commitUser"]));
        Assert.Contains(headers, h => (string)h["entityName"] == "Order" && Strings(h, "recordIds").Contains(order.Id)
            && ((GenericEnum)h["changeType"]).Value == "CREATE");
    }

    [Fact]
    public async Task Past_the_overflow_threshold_a_transaction_publishes_one_GAP_OVERFLOW_event_per_object()
    {
        await using var client = await PubSubTestClient.StartAsync(
            new SalesforceSandboxOptions { Org = new() { Seed = "empty" }, PubSub = new PubSubOptions { OverflowThreshold = 2 } });
        var records = new JsonArray();
        foreach (var name in new[] { "A", "B", "C", "D" })
        {
            records.Add(new JsonObject { ["attributes"] = new JsonObject { ["type"] = "Account" }, ["Name"] = name });
        }

        var (status, _) = await client.Sandbox.JsonAsync(
            HttpMethod.Post, "composite/sobjects", new JsonObject { ["allOrNone"] = true, ["records"] = records });
        Assert.Equal(200, status);

        using var call = await client.SubscribeAsync("/data/AccountChangeEvent", ReplayPreset.Earliest, 10);
        var events = await ReadEventsAsync(call.ResponseStream, 3);
        var headers = new List<GenericRecord>();
        foreach (var e in events)
        {
            headers.Add(Header(await client.DecodeAsync(e)));
        }

        Assert.Equal(["CREATE", "CREATE", "GAP_OVERFLOW"], headers.Select(h => ((GenericEnum)h["changeType"]).Value));
        Assert.Empty(Strings(headers[2], "recordIds"));
    }

    [Fact]
    public async Task Changes_the_org_could_not_capture_arrive_as_gap_events_without_values()
    {
        await using var client = await PubSubTestClient.StartAsync();
        var orderId = client.Sandbox.Server.Org.Records("Order", includeDeleted: false).First().Id;
        client.Sandbox.Server.PublishGapEvents = true;

        await client.Sandbox.JsonAsync(HttpMethod.Patch, $"sobjects/Order/{orderId}", new JsonObject { ["Description"] = "bulk" });

        using var call = await client.SubscribeAsync("/data/OrderChangeEvent", ReplayPreset.Earliest, 10);
        var change = await client.DecodeAsync((await ReadEventsAsync(call.ResponseStream, 1))[0]);
        Assert.Equal("GAP_UPDATE", ((GenericEnum)Header(change)["changeType"]).Value);
        Assert.Equal([orderId], Strings(Header(change), "recordIds"));
        Assert.Null(change["Description"]);
    }

    [Fact]
    public void A_rolled_back_transaction_publishes_nothing()
    {
        var (org, time) = NewOrg();
        var bus = new ChangeEventBus(time, TimeSpan.FromHours(72));
        org.ChangeCapture = new ChangeCapture(new ChangeEventCatalog(org.Schema), bus, time, () => org.Info.ApiUser.Id, 100_000);

        Fails(() => org.Transaction<int>(_ =>
        {
            org.Create("Account", Json("""{"Name":"Gone"}"""));
            throw new SalesforceErrorException(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "no");
        }));
        org.Transaction(tx =>
        {
            org.Create("Account", Json("""{"Name":"Also gone"}"""));
            tx.MarkRollback();
            return 0;
        });
        org.Create("Account", Json("""{"Name":"Kept"}"""));

        Assert.Equal(1, bus.Latest);
    }

    [Fact]
    public void Bitmaps_set_one_bit_per_field_position_most_significant_byte_first()
    {
        Assert.Equal("0x650004E0", ChangeCapture.Bitmap([5, 6, 7, 10, 24, 26, 29, 30]));
        Assert.Equal("0x01", ChangeCapture.Bitmap([0]));
        Assert.Equal(
            ["0x0100", "3-0x06"],
            ChangeCapture.Bitmaps([8], new Dictionary<int, SortedSet<int>> { [3] = [1, 2] }));
    }
}
