using System.Net;
using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

public class SObjectRestTests
{
    [Fact]
    public async Task Create_returns_201_with_the_id_and_a_Location_then_retrieve_returns_the_record()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var created = await sandbox.SendAsync(HttpMethod.Post, "sobjects/Account", new JsonObject { ["Name"] = "Acme" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = (string)body["id"]!;
        Assert.Equal(18, id.Length);
        Assert.True((bool)body["success"]!);
        Assert.Empty(body["errors"]!.AsArray());
        Assert.Equal($"/services/data/{SandboxClient.Version}/sobjects/Account/{id}", created.Headers.Location!.ToString());
        var (status, record) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/{id}");
        Assert.Equal(200, status);
        Assert.Equal("Acme", (string?)record!["Name"]);
        Assert.Equal("Account", (string?)record["attributes"]!["type"]);
        Assert.Equal($"/services/data/{SandboxClient.Version}/sobjects/Account/{id}", (string?)record["attributes"]!["url"]);
    }

    [Fact]
    public async Task Updated_and_deleted_list_the_records_changed_in_a_window_to_the_minute()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 30, TimeSpan.Zero));
        await using var sandbox = await SandboxClient.StartAsync(time: time);
        await sandbox.LoginAsync();
        var early = await sandbox.CreateAccountAsync("Early");
        time.Advance(TimeSpan.FromMinutes(5));
        var late = await sandbox.CreateAccountAsync("Late");
        var gone = await sandbox.CreateAccountAsync("Gone");
        await sandbox.SendAsync(HttpMethod.Delete, $"sobjects/Account/{gone}");
        time.Advance(TimeSpan.FromMinutes(5));
        const string window = "?start=2026-03-02T09%3A03%3A00%2B00%3A00&end=2026-03-02T10%3A00%3A00%2B00%3A00";

        var (updatedStatus, updated) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/updated/{window}");
        var (deletedStatus, deleted) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/deleted/{window}");
        var missing = await sandbox.GetAsync("sobjects/Account/updated/?start=2026-03-02T09%3A03%3A00Z");

        Assert.Equal(200, updatedStatus);
        Assert.Equal([late], updated!["ids"]!.AsArray().Select(static i => (string)i!));
        Assert.DoesNotContain(early, updated["ids"]!.AsArray().Select(static i => (string)i!));
        Assert.Equal("2026-03-02T09:10:00.000+0000", (string?)updated["latestDateCovered"]);
        Assert.Equal(200, deletedStatus);
        var record = Assert.Single(deleted!["deletedRecords"]!.AsArray())!;
        Assert.Equal(gone, (string?)record["id"]);
        Assert.Equal("2026-03-02T09:05:30.000+0000", (string?)record["deletedDate"]);
        Assert.Equal("2026-01-31T09:10:00.000+0000", (string?)deleted["earliestDateAvailable"]);
        Assert.Equal("2026-03-02T09:10:00.000+0000", (string?)deleted["latestDateCovered"]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Retrieve_accepts_a_15_character_id_and_a_field_list()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var id = await sandbox.CreateAccountAsync("Globex");

        var (status, record) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/{id[..15]}?fields=Name");

        Assert.Equal(200, status);
        Assert.Equal("Globex", (string?)record!["Name"]);
        Assert.False(record.AsObject().ContainsKey("Industry"));
    }

    [Fact]
    public async Task Update_returns_204_and_delete_returns_204_then_ENTITY_IS_DELETED()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var id = await sandbox.CreateAccountAsync("Initech");

        var update = await sandbox.SendAsync(HttpMethod.Patch, $"sobjects/Account/{id}", new JsonObject { ["Industry"] = "Software" });
        var (_, record) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/{id}");
        var delete = await sandbox.SendAsync(HttpMethod.Delete, $"sobjects/Account/{id}");

        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Empty(await update.Content.ReadAsByteArrayAsync());
        Assert.Equal("Software", (string?)record!["Industry"]);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await RestAssert.ErrorAsync(await sandbox.GetAsync($"sobjects/Account/{id}"), HttpStatusCode.NotFound, "ENTITY_IS_DELETED");
    }

    [Fact]
    public async Task Upsert_by_external_id_inserts_with_201_then_updates_with_200()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        const string path = "sobjects/Account/Test_External_Id__c/EXT-1";

        var inserted = await sandbox.SendAsync(HttpMethod.Patch, path, new JsonObject { ["Name"] = "One" });
        var updated = await sandbox.SendAsync(HttpMethod.Patch, path, new JsonObject { ["Name"] = "Uno" });

        Assert.Equal(HttpStatusCode.Created, inserted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var first = JsonNode.Parse(await inserted.Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await updated.Content.ReadAsStringAsync())!;
        Assert.True((bool)first["created"]!);
        Assert.False((bool)second["created"]!);
        Assert.Equal((string?)first["id"], (string?)second["id"]);
        Assert.NotNull(updated.Headers.Location);
        var (_, record) = await sandbox.JsonAsync(HttpMethod.Get, "sobjects/Account/Test_External_Id__c/EXT-1");
        Assert.Equal("Uno", (string?)record!["Name"]);
    }

    [Fact]
    public async Task Delete_by_external_id_removes_the_matching_record()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        const string path = "sobjects/Account/Test_External_Id__c/EXT-9";
        await sandbox.SendAsync(HttpMethod.Patch, path, new JsonObject { ["Name"] = "Doomed" });

        var deleted = await sandbox.SendAsync(HttpMethod.Delete, path);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await RestAssert.ErrorAsync(await sandbox.GetAsync(path), HttpStatusCode.NotFound, "NOT_FOUND");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("sobjects/Account/Name/Doomed"), HttpStatusCode.NotFound, "NOT_FOUND",
            "Provided external ID field does not exist or is not accessible: Name");
    }

    [Fact]
    public async Task HEAD_answers_like_GET_without_a_body()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var response = await sandbox.SendAsync(HttpMethod.Head, "limits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.Contains("Sforce-Limit-Info"));
    }

    [Fact]
    public async Task Describe_global_basic_info_and_describe_answer_for_a_known_object()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (globalStatus, global) = await sandbox.JsonAsync(HttpMethod.Get, "sobjects");
        var (infoStatus, info) = await sandbox.JsonAsync(HttpMethod.Get, "sobjects/Account");
        var (describeStatus, describe) = await sandbox.JsonAsync(HttpMethod.Get, "sobjects/Account/describe");

        Assert.Equal((200, 200, 200), (globalStatus, infoStatus, describeStatus));
        Assert.Contains(global!["sobjects"]!.AsArray(), o => (string?)o!["name"] == "Account");
        Assert.Equal("001", (string?)info!["objectDescribe"]!["keyPrefix"]);
        Assert.Contains(describe!["fields"]!.AsArray(), f => (string?)f!["name"] == "Name");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("sobjects/NoSuchObject__c/describe"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Child_relationship_path_returns_the_children_as_a_query_result()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var accountId = await sandbox.CreateAccountAsync("Parent");
        var (status, order) = await sandbox.JsonAsync(HttpMethod.Post, "sobjects/Order",
            new JsonObject { ["AccountId"] = accountId, ["EffectiveDate"] = "2026-01-31" });
        Assert.Equal(201, status);

        var (childStatus, children) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/{accountId}/Orders");

        Assert.Equal(200, childStatus);
        Assert.Equal(1, (int)children!["totalSize"]!);
        Assert.True((bool)children["done"]!);
        Assert.Equal((string?)order!["id"], (string?)children["records"]![0]!["Id"]);
        Assert.Equal("Order", (string?)children["records"]![0]!["attributes"]!["type"]);
    }

    [Fact]
    public async Task DML_errors_come_back_as_Salesforce_error_arrays()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var missing = await sandbox.SendAsync(HttpMethod.Post, "sobjects/Account", new JsonObject { ["Industry"] = "Retail" });
        var unknownField = await sandbox.SendAsync(
            HttpMethod.Post, "sobjects/Account", new JsonObject { ["Name"] = "X", ["Bogus__c"] = 1 });

        var missingBody = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var error = JsonNode.Parse(missingBody)![0]!;
        Assert.Equal("REQUIRED_FIELD_MISSING", (string?)error["errorCode"]);
        Assert.Equal("Required fields are missing: [Name]", (string?)error["message"]);
        Assert.Equal(["Name"], error["fields"]!.AsArray().Select(f => (string)f!));
        await RestAssert.ErrorAsync(unknownField, HttpStatusCode.BadRequest, "INVALID_FIELD");
    }

    [Fact]
    public async Task Malformed_JSON_gets_JSON_PARSER_ERROR()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var response = await sandbox.SendAsync(HttpMethod.Post, "sobjects/Account", rawBody: "{\"Name\": ");

        await RestAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "JSON_PARSER_ERROR");
    }

    [Fact]
    public async Task Create_without_a_body_gets_JSON_PARSER_ERROR()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var response = await sandbox.SendAsync(HttpMethod.Post, "sobjects/Account");

        await RestAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "JSON_PARSER_ERROR",
            "The HTTP entity body is required, but this request has no entity body.");
    }

    [Fact]
    public async Task Child_relationship_of_a_missing_parent_gets_404()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var response = await sandbox.GetAsync("sobjects/Account/001000000000000AAA/Orders");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_paths_and_versions_get_404_NOT_FOUND()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        await RestAssert.ErrorAsync(await sandbox.GetAsync("/services/data/v49.0/sobjects"), HttpStatusCode.NotFound, "NOT_FOUND");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("/services/data/v99.0/sobjects"), HttpStatusCode.NotFound, "NOT_FOUND");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("nothing/here"), HttpStatusCode.NotFound, "NOT_FOUND",
            "The requested resource does not exist");
        await RestAssert.ErrorAsync(await sandbox.GetAsync("/no/such/page"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Version_list_is_public_and_spans_50_to_65()
    {
        await using var sandbox = await SandboxClient.StartAsync();

        var (status, versions) = await sandbox.JsonAsync(HttpMethod.Get, "/services/data");

        Assert.Equal(200, status);
        var list = versions!.AsArray();
        Assert.Equal("50.0", (string?)list[0]!["version"]);
        Assert.Equal("Winter '21", (string?)list[0]!["label"]);
        Assert.Equal("65.0", (string?)list[^1]!["version"]);
        Assert.Equal("/services/data/v65.0", (string?)list[^1]!["url"]);
    }

    [Fact]
    public async Task Update_and_delete_accept_15_character_ids()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var id = await sandbox.CreateAccountAsync("Short id");

        var update = await sandbox.SendAsync(HttpMethod.Patch, $"sobjects/Account/{id[..15]}", new JsonObject { ["Name"] = "Renamed" });
        var (_, record) = await sandbox.JsonAsync(HttpMethod.Get, $"sobjects/Account/{id}?fields=Name");
        var delete = await sandbox.SendAsync(HttpMethod.Delete, $"sobjects/Account/{id[..15]}");

        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal("Renamed", (string?)record!["Name"]);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task Parallel_creates_all_land()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => sandbox.CreateAccountAsync($"Parallel {i}")));

        Assert.Equal(40, ids.Distinct().Count());
        var (_, count) = await sandbox.JsonAsync(HttpMethod.Get, "query?q=" + Uri.EscapeDataString("SELECT COUNT() FROM Account"));
        Assert.Equal(40, (int)count!["totalSize"]!);
        Assert.Equal(41, sandbox.Server.ApiUsage);
    }

    [Fact]
    public async Task X_PrettyPrint_indents_the_JSON()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/services/data/{SandboxClient.Version}/limits");
        request.Headers.Add("X-PrettyPrint", "1");

        var pretty = await (await sandbox.Http.SendAsync(request)).Content.ReadAsStringAsync();
        var compact = await (await sandbox.GetAsync("limits")).Content.ReadAsStringAsync();

        Assert.Contains("\n  \"DailyApiRequests\"", pretty, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", compact, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_root_lists_the_resources()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var (status, resources) = await sandbox.JsonAsync(HttpMethod.Get, $"/services/data/{SandboxClient.Version}");

        Assert.Equal(200, status);
        Assert.Equal($"/services/data/{SandboxClient.Version}/sobjects", (string?)resources!["sobjects"]);
        Assert.Equal($"/services/data/{SandboxClient.Version}/query", (string?)resources["query"]);
    }

    [Fact]
    public async Task Wrong_method_on_a_resource_gets_405_METHOD_NOT_ALLOWED()
    {
        await using var sandbox = await SandboxClient.StartLoggedInAsync();

        var response = await sandbox.SendAsync(HttpMethod.Put, "sobjects/Account", new JsonObject { ["Name"] = "X" });

        await RestAssert.ErrorAsync(response, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Missing_token_gets_INVALID_SESSION_ID()
    {
        await using var sandbox = await SandboxClient.StartAsync();

        var missing = await sandbox.GetAsync("sobjects");
        Assert.Equal("Token", missing.Headers.WwwAuthenticate.ToString());
        await RestAssert.InvalidSessionAsync(missing);
        sandbox.UseToken("00D000000000001!garbage");
        await RestAssert.InvalidSessionAsync(await sandbox.GetAsync("sobjects"));
    }
}
