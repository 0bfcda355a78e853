using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce.Tests.Support;

namespace CpqSync.Salesforce.Tests.Sandbox;

/// <summary>Writing records to the emulated org: single records, collections, composite, describe.</summary>
public class SandboxRecordTests
{
    [Fact]
    public async Task A_record_is_created_read_updated_upserted_and_deleted()
    {
        await using var session = await SandboxSession.StartAsync();
        var client = session.Client;
        var ct = TestCancellation.Token;

        var created = await client.CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, ct);
        await client.UpdateAsync("Account", created.Id!, new JsonObject { ["Stripe_ID__c"] = "cus_123" }, ct);
        var read = await client.RetrieveAsync("Account", created.Id!, ["Name", "Stripe_ID__c"], ct);
        var updatedByUpsert = await client.UpsertAsync("Account", "Stripe_ID__c", "cus_123", new JsonObject { ["Name"] = "Acme Corp" }, ct);
        var insertedByUpsert = await client.UpsertAsync("Account", "Stripe_ID__c", "cus_456", new JsonObject { ["Name"] = "Globex" }, ct);
        await client.DeleteAsync("Account", created.Id!, ct);
        var gone = await Assert.ThrowsAsync<SalesforceApiException>(() => client.RetrieveAsync("Account", created.Id!, null, ct));

        Assert.True(created.Success);
        Assert.Equal(18, created.Id!.Length);
        Assert.Equal("Acme", read["Name"]!.GetValue<string>());
        Assert.Equal("cus_123", read["Stripe_ID__c"]!.GetValue<string>());
        Assert.False(updatedByUpsert.Created);
        Assert.Equal(created.Id, updatedByUpsert.Id);
        Assert.True(insertedByUpsert.Created);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_dml_error_names_its_code_and_fields()
    {
        await using var session = await SandboxSession.StartAsync();

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            session.Client.CreateAsync("Account", new JsonObject { ["Phone"] = "555" }, TestCancellation.Token));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("REQUIRED_FIELD_MISSING", error.ErrorCode);
        Assert.Equal(["Name"], error.Fields);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Collections_of_more_than_200_records_are_split_and_report_each_record()
    {
        await using var session = await SandboxSession.StartAsync();
        var records = Enumerable.Range(0, 401)
            .Select(i => i == 250 ? new JsonObject { ["Phone"] = "no name" } : new JsonObject { ["Name"] = $"Account {i}" })
            .ToList();

        var created = await session.Client.CreateManyAsync("Account", records, allOrNone: false, TestCancellation.Token);
        var updates = created.Where(r => r.Success).Select(r => new JsonObject { ["Id"] = r.Id, ["Stripe_ID__c"] = "cus_" + r.Id }).ToList();
        var updated = await session.Client.UpdateManyAsync("Account", updates, cancellationToken: TestCancellation.Token);
        var count = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account WHERE Stripe_ID__c != {null}"), TestCancellation.Token);
        var deleted = await session.Client.DeleteManyAsync(created.Where(r => r.Success).Select(r => r.Id!).ToList(), cancellationToken: TestCancellation.Token);

        Assert.Equal(401, created.Count);
        Assert.Equal(400, created.Count(r => r.Success));
        var failure = created[250];
        Assert.False(failure.Success);
        Assert.Equal("REQUIRED_FIELD_MISSING", failure.Errors[0].ErrorCode);
        Assert.Contains("Name", failure.Errors[0].Fields);
        Assert.All(updated, r => Assert.True(r.Success));
        Assert.Equal(400, count);
        Assert.Equal(400, deleted.Count(r => r.Success));
    }

    [Fact]
    public async Task All_or_none_rolls_back_the_batch_that_failed()
    {
        await using var session = await SandboxSession.StartAsync();
        var records = new List<JsonObject> { new() { ["Name"] = "Kept?" }, new() { ["Phone"] = "no name" } };

        var results = await session.Client.CreateManyAsync("Account", records, allOrNone: true, TestCancellation.Token);
        var count = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);

        Assert.All(results, r => Assert.False(r.Success));
        Assert.Equal(SaveResult.RolledBackCode, results[0].Errors[0].ErrorCode);
        Assert.Equal("REQUIRED_FIELD_MISSING", results[1].Errors[0].ErrorCode);
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Upsert_many_matches_on_the_external_id()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.Client.CreateAsync("Account", new JsonObject { ["Name"] = "Old", ["Stripe_ID__c"] = "cus_1" }, TestCancellation.Token);

        var results = await session.Client.UpsertManyAsync("Account", "Stripe_ID__c",
            [new JsonObject { ["Name"] = "New", ["Stripe_ID__c"] = "cus_1" }, new JsonObject { ["Name"] = "Other", ["Stripe_ID__c"] = "cus_2" }],
            cancellationToken: TestCancellation.Token);

        Assert.Equal([false, true], results.Select(r => r.Created));
        Assert.Equal(2, await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));
    }

    [Fact]
    public async Task A_composite_request_refers_to_earlier_results()
    {
        await using var session = await SandboxSession.StartAsync();

        var responses = await session.Client.CompositeAsync(
            [
                new CompositeSubrequest(HttpMethod.Post, "sobjects/Account", "acct", new JsonObject { ["Name"] = "Acme" }),
                new CompositeSubrequest(HttpMethod.Patch, "sobjects/Account/@{acct.id}", "rename", new JsonObject { ["Name"] = "Acme Corp" }),
                new CompositeSubrequest(HttpMethod.Get, "sobjects/Account/@{acct.id}?fields=Name", "read"),
            ],
            cancellationToken: TestCancellation.Token);

        Assert.All(responses, r => Assert.True(r.IsSuccess, r.Body?.ToJsonString()));
        Assert.Equal(["acct", "rename", "read"], responses.Select(r => r.ReferenceId));
        Assert.Equal("Acme Corp", responses[2].Body!["Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_all_or_none_composite_reports_each_subrequest()
    {
        await using var session = await SandboxSession.StartAsync();

        var responses = await session.Client.CompositeAsync(
            [
                new CompositeSubrequest(HttpMethod.Post, "sobjects/Account", "acct", new JsonObject { ["Name"] = "Acme" }),
                new CompositeSubrequest(HttpMethod.Post, "sobjects/Account", "broken", new JsonObject { ["Phone"] = "555" }),
            ],
            allOrNone: true,
            TestCancellation.Token);

        Assert.Equal("PROCESSING_HALTED", responses[0].Error!.ErrorCode);
        Assert.Equal("REQUIRED_FIELD_MISSING", responses[1].Error!.ErrorCode);
        Assert.Equal(0, await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));
    }

    [Fact]
    public async Task Describe_results_are_fetched_once_per_client()
    {
        await using var session = await SandboxSession.StartAsync();

        var global = await session.Client.DescribeGlobalAsync(TestCancellation.Token);
        var order = await session.Client.DescribeAsync("Order", TestCancellation.Token);
        var usage = session.Server.ApiUsage;
        var again = await session.Client.DescribeAsync("order", TestCancellation.Token);
        await session.Client.DescribeGlobalAsync(TestCancellation.Token);

        Assert.Contains(global.SObjects, o => o.Name == "SBQQ__Quote__c");
        Assert.Same(order, again);
        Assert.Equal(usage, session.Server.ApiUsage);
        Assert.Equal("801", order.KeyPrefix);
        Assert.Equal("reference", order.Field("AccountId")!.Type);
        Assert.Contains("Account", order.Field("AccountId")!.ReferenceTo);
        Assert.Contains(order.Field("Status")!.PicklistValues, p => p.Value == "Activated");
        Assert.True(order.Field("Stripe_ID__c")!.ExternalId);
    }

    [Fact]
    public async Task Callers_describing_the_same_objects_together_share_one_composite_call_and_the_cache()
    {
        await using var session = await SandboxSession.StartAsync();
        var order = await session.Client.DescribeAsync("Order", TestCancellation.Token);
        var usage = session.Server.ApiUsage;
        string[] objects = ["Order", "OrderItem", "Account", "SBQQ__Quote__c", "No_Such_Object__c"];

        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => session.Client.DescribeManyAsync(objects, TestCancellation.Token)));
        var again = await session.Client.DescribeManyAsync(objects, TestCancellation.Token);
        var line = await session.Client.DescribeAsync("OrderItem", TestCancellation.Token);

        // One composite for the four objects not cached yet, whoever sent it (Order came from the cache), and one to ask again for the missing one.
        Assert.Equal(usage + 2, session.Server.ApiUsage);
        Assert.Equal(1, together.Sum(static d => d.CallsSent));
        Assert.Equal(1, again.CallsSent); // The missing object is asked again, as a failed describe is not cached.
        Assert.Same(order, again.Objects["Order"]);
        Assert.Same(line, together[0].Objects["OrderItem"]);
        Assert.Null(again.Objects["No_Such_Object__c"]);
    }

    [Fact]
    public async Task Reads_sent_alongside_describes_share_their_composite_call_and_go_alone_once_all_are_cached()
    {
        await using var session = await SandboxSession.StartAsync();
        var usage = session.Server.ApiUsage;
        CompositeSubrequest[] alongside = [new(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT Id, Name FROM Organization"), "organization")];

        var first = await session.Client.DescribeManyAsync(["Order", "OrderItem"], alongside, TestCancellation.Token);
        var second = await session.Client.DescribeManyAsync(["Order", "OrderItem"], alongside, TestCancellation.Token);

        Assert.Equal(usage + 2, session.Server.ApiUsage);
        Assert.Equal(1, first.CallsSent);
        Assert.Equal(1, second.CallsSent); // The describes come from the cache; the query is sent on its own.
        Assert.NotNull(first.Objects["OrderItem"]);
        Assert.Same(first.Objects["Order"], second.Objects["Order"]);
        Assert.True(first.Alongside.Single().IsSuccess);
        Assert.Equal(1, second.Alongside.Single().Body!["totalSize"]!.GetValue<int>());
    }
}
