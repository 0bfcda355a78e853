using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Salesforce.Tests;

/// <summary>The exact requests the client sends for queries, records and collections.</summary>
public class RequestShapeTests
{
    [Fact]
    public async Task A_query_goes_to_the_instance_with_the_session_and_follows_next_records_url()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath switch
        {
            "/services/oauth2/token" => RecordingHandler.Token("00Dsession"),
            "/services/data/v62.0/query" => RecordingHandler.Json(
                """{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gNEXT-2","records":[{"Id":"a"},{"Id":"b"}]}"""),
            _ => RecordingHandler.Json("""{"totalSize":3,"done":true,"records":[{"Id":"c"}]}"""),
        });
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();

        var ids = new List<string>();
        await foreach (var record in client.QueryAsync(Soql.Query($"SELECT Id FROM Account WHERE Name = {"Bob's"}"), 500, TestCancellation.Token))
        {
            ids.Add(record["Id"]!.GetValue<string>());
        }

        Assert.Equal(["a", "b", "c"], ids);
        var first = handler.ApiRequests[0];
        Assert.Equal("https://acme.my.example.test/services/data/v62.0/query?q=SELECT%20Id%20FROM%20Account%20WHERE%20Name%20%3D%20%27Bob%5C%27s%27",
            first.Uri.AbsoluteUri);
        Assert.Equal("00Dsession", first.BearerToken);
        Assert.Equal("batchSize=500", first.Headers["Sforce-Query-Options"]);
        Assert.Equal("https://acme.my.example.test/services/data/v62.0/query/01gNEXT-2", handler.ApiRequests[1].Uri.AbsoluteUri);
        Assert.Equal("batchSize=500", handler.ApiRequests[1].Headers["Sforce-Query-Options"]);
    }

    [Fact]
    public async Task A_composite_request_carries_its_subrequests_as_written_and_each_answer_reads_as_json_node_parse_reads_it()
    {
        // An answer of several kilobytes, with what records carry: numbers read both as int and decimal, escaped and
        // non-ASCII text, nested parents, nulls, booleans, and the same field names on every record.
        var records = string.Join(",", Enumerable.Range(0, 200).Select(i =>
            $$"""{"attributes":{"type":"Order","url":"/services/data/v62.0/sobjects/Order/801{{i:D15}}"},"Id":"801{{i:D15}}","TotalAmount":{{i}}.5,"Quantity":{{i}},"Name":"Caf\u00e9 \"{{i}}\" \u2013 d\u00e9j\u00e0","Account":{"attributes":{"type":"Account"},"Id":"001000000000001AAA","Name":"Acme"},"Notes":null,"IsReductionOrder":false,"SBQQ__Contracted__c":true}"""));
        var answer = $$"""{"compositeResponse":[{"body":{"totalSize":200,"done":true,"records":[{{records}}]},"httpHeaders":{},"httpStatusCode":200,"referenceId":"q"},{"body":[{"errorCode":"NOT_FOUND","message":"gone"}],"httpHeaders":{},"httpStatusCode":404,"referenceId":"a"}]}""";
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath == "/services/oauth2/token"
            ? RecordingHandler.Token("00Dsession")
            : RecordingHandler.Json(answer));
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();

        var answers = await client.CompositeAsync(
            [
                new CompositeSubrequest(HttpMethod.Get, "query?q=SELECT+Id+FROM+Order", "q"),
                new CompositeSubrequest(HttpMethod.Patch, "sobjects/Account/001000000000001AAA", "a", new JsonObject { ["Name"] = "Caf\u00e9 \"A\"", ["Amount"] = 12.5m }),
            ],
            allOrNone: false,
            TestCancellation.Token);

        // Byte for byte what the request tree the client used to build serialized to.
        var tree = new JsonObject
        {
            ["allOrNone"] = false,
            ["compositeRequest"] = new JsonArray(
                new JsonObject { ["method"] = "GET", ["url"] = "/services/data/v62.0/query?q=SELECT+Id+FROM+Order", ["referenceId"] = "q" },
                new JsonObject
                {
                    ["method"] = "PATCH", ["url"] = "/services/data/v62.0/sobjects/Account/001000000000001AAA", ["referenceId"] = "a",
                    ["body"] = new JsonObject { ["Name"] = "Caf\u00e9 \"A\"", ["Amount"] = 12.5m },
                }),
        };
        Assert.Equal(tree.ToJsonString(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)), handler.ApiRequests.Single().Body);
        var expected = JsonNode.Parse(answer)!["compositeResponse"]!.AsArray();
        Assert.Equal(2, answers.Count);
        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        Assert.True(JsonNode.DeepEquals(expected[0]!["body"], answers[0].Body));
        Assert.Equal(expected[0]!["body"]!.ToJsonString(), answers[0].Body!.ToJsonString());
        var record = answers[0].Body!["records"]![7]!;
        Assert.Equal(7, record["Quantity"]!.GetValue<int>());
        Assert.Equal(7.5m, record["TotalAmount"]!.GetValue<decimal>());
        Assert.Equal("Caf\u00e9 \"7\" \u2013 d\u00e9j\u00e0", record["Name"]!.GetValue<string>());
        Assert.Null(record["Notes"]);
        Assert.False(record["IsReductionOrder"]!.GetValue<bool>());
        Assert.Equal("Acme", record["Account"]!["Name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, answers[1].StatusCode);
        Assert.Equal("NOT_FOUND", answers[1].Error!.ErrorCode);
    }

    [Fact]
    public async Task A_next_records_url_that_leaves_the_org_is_refused()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath == "/services/oauth2/token"
            ? RecordingHandler.Token("00Dsession")
            : RecordingHandler.Json("""{"totalSize":3,"done":false,"nextRecordsUrl":"https://evil.example/steal","records":[]}"""));
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();

        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var unused in client.QueryAsync(Soql.Query($"SELECT Id FROM Account"), cancellationToken: TestCancellation.Token))
            {
            }
        });
        Assert.Single(handler.ApiRequests);
    }

    [Fact]
    public async Task Every_response_updates_the_api_usage()
    {
        var handler = new RecordingHandler(r =>
        {
            if (r.Uri.AbsolutePath == "/services/oauth2/token")
            {
                return RecordingHandler.Token("00Dsession");
            }

            var response = RecordingHandler.Json("""{"totalSize":7,"done":true,"records":[]}""");
            response.Headers.Add("Sforce-Limit-Info", "api-usage=18/15000, per-app-api-usage=2/250(appName=cpqsync)");
            return response;
        });
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();
        using var metrics = new MetricsRecorder(provider.GetRequiredService<IMeterFactory>());

        var count = await client.CountAsync(Soql.Query($"SELECT COUNT() FROM Order"), TestCancellation.Token);

        Assert.Equal(7, count);
        Assert.Equal(18, metrics.Observe("cpqsync.salesforce.api.usage"));
        Assert.Equal(new ApiUsage(18, 15000), client.ApiUsage);
        Assert.Equal(14982, client.ApiUsage!.Remaining);
    }

    [Fact]
    public async Task Collections_go_out_in_batches_of_200_with_the_type_on_each_record()
    {
        var handler = new RecordingHandler(r =>
        {
            if (r.Uri.AbsolutePath == "/services/oauth2/token")
            {
                return RecordingHandler.Token("00Dsession");
            }

            var count = JsonNode.Parse(r.Body!)!["records"]!.AsArray().Count;
            var results = string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"id":"001000000000{{i:D3}}AAA","success":true,"errors":[]}"""));
            return RecordingHandler.Json("[" + results + "]");
        });
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();
        var records = Enumerable.Range(0, 450).Select(i => new JsonObject { ["Name"] = $"Account {i}" }).ToList();

        var results = await client.CreateManyAsync("Account", records, allOrNone: true, TestCancellation.Token);

        Assert.Equal(450, results.Count);
        Assert.All(results, r => Assert.True(r.Success));
        var sent = handler.ApiRequests;
        Assert.Equal([200, 200, 50], sent.Select(r => JsonNode.Parse(r.Body!)!["records"]!.AsArray().Count));
        Assert.All(sent, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.All(sent, r => Assert.Equal("/services/data/v62.0/composite/sobjects", r.Uri.AbsolutePath));
        var firstBody = JsonNode.Parse(sent[0].Body!)!;
        Assert.True(firstBody["allOrNone"]!.GetValue<bool>());
        Assert.Equal("Account", firstBody["records"]![0]!["attributes"]!["type"]!.GetValue<string>());
        Assert.Equal("Account 0", firstBody["records"]![0]!["Name"]!.GetValue<string>());
        Assert.Null(records[0]["attributes"]);
    }

    [Fact]
    public async Task With_all_or_none_the_batches_after_a_failed_one_are_not_sent()
    {
        var handler = new RecordingHandler(r =>
        {
            if (r.Uri.AbsolutePath == "/services/oauth2/token")
            {
                return RecordingHandler.Token("00Dsession");
            }

            var one = """{"id":null,"success":false,"errors":[{"statusCode":"REQUIRED_FIELD_MISSING","message":"Required fields are missing: [Name]","fields":["Name"]}]}""";
            return RecordingHandler.Json("[" + string.Join(",", Enumerable.Repeat(one, 200)) + "]");
        });
        await using var provider = ClientFactory.Build(handler);
        var client = provider.GetRequiredService<SalesforceClient>();
        var ids = Enumerable.Range(0, 401).Select(i => new JsonObject { ["Id"] = $"001000000000{i:D3}AAA" }).ToList();

        var results = await client.UpdateManyAsync("Account", ids, allOrNone: true, TestCancellation.Token);

        Assert.Single(handler.ApiRequests);
        Assert.Equal(HttpMethod.Patch, handler.ApiRequests[0].Method);
        Assert.Equal(401, results.Count);
        Assert.Equal("REQUIRED_FIELD_MISSING", results[0].Errors[0].ErrorCode);
        Assert.Equal(["Name"], results[0].Errors[0].Fields);
        Assert.All(results.Skip(200), r => Assert.Equal(SaveResult.RolledBackCode, r.Errors[0].ErrorCode));
    }

    [Fact]
    public async Task Record_operations_use_the_documented_paths()
    {
        var handler = new RecordingHandler(r => (r.Method.Method, r.Uri.AbsolutePath) switch
        {
            (_, "/services/oauth2/token") => RecordingHandler.Token("00Dsession"),
            ("POST", _) => RecordingHandler.Json("""{"id":"001000000000001AAA","success":true,"errors":[]}""", HttpStatusCode.Created),
            ("GET", _) => RecordingHandler.Json("""{"attributes":{"type":"Account"},"Id":"001000000000001AAA","Name":"Acme"}"""),
            ("PATCH", var p) when p.Contains("Stripe_ID__c", StringComparison.Ordinal) =>
                RecordingHandler.Json("""{"id":"001000000000001AAA","success":true,"errors":[],"created":false}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        await using var provider = ClientFactory.Build(handler, o => o.ApiVersion = "59.0");
        var client = provider.GetRequiredService<SalesforceClient>();
        var ct = TestCancellation.Token;

        var created = await client.CreateAsync("Account", new JsonObject { ["Name"] = "Acme" }, ct);
        var read = await client.RetrieveAsync("Account", created.Id!, ["Id", "Name"], ct);
        await client.UpdateAsync("Account", created.Id!, new JsonObject { ["Name"] = "Acme 2" }, ct);
        var upserted = await client.UpsertAsync("Account", "Stripe_ID__c", "cus_R/1", new JsonObject { ["Name"] = "Acme" }, ct);
        await client.DeleteAsync("Account", created.Id!, ct);

        Assert.Equal(
            [
                "POST /services/data/v59.0/sobjects/Account",
                "GET /services/data/v59.0/sobjects/Account/001000000000001AAA?fields=Id%2CName",
                "PATCH /services/data/v59.0/sobjects/Account/001000000000001AAA",
                "PATCH /services/data/v59.0/sobjects/Account/Stripe_ID__c/cus_R%2F1",
                "DELETE /services/data/v59.0/sobjects/Account/001000000000001AAA",
            ],
            handler.ApiRequests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}"));
        Assert.Equal("Acme", read["Name"]!.GetValue<string>());
        Assert.False(upserted.Created);
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteAsync("Account", "001' OR 1=1", ct));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync("Account/../../limits", [], ct));
        Assert.Equal(5, handler.ApiRequests.Count);
    }
}
